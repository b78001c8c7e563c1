package io.github.mp4j.demo.task;

import io.github.mp4j.function.SerializableFunction;
import java.util.SplittableRandom;

/** Monte-Carlo estimation of pi: points in the unit square that fall inside the quarter circle. */
public final class PiTasks {

    /** Counts the points of one batch inside the quarter circle, in a worker. */
    public static final SerializableFunction<Samples, Long> COUNT_INSIDE = PiTasks::countInside;

    private PiTasks() {
    }

    /**
     * @param samples the batch
     * @return how many of its points fall inside the quarter circle
     */
    public static Long countInside(Samples samples) {
        SplittableRandom random = new SplittableRandom(samples.seed());
        long inside = 0;
        for (long i = 0; i < samples.count(); i++) {
            double x = random.nextDouble();
            double y = random.nextDouble();
            if (x * x + y * y <= 1.0) {
                inside++;
            }
        }
        return inside;
    }
}
