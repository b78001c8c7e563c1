package io.github.mp4j.micrometer;

import io.github.mp4j.queue.ProcessQueue;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Map;

/** Binds a {@value MpMeterNames#QUEUE_SIZE} gauge for each {@link ProcessQueue}, tagged with its name. */
public final class ProcessQueueMetrics implements MeterBinder {

    private final Map<String, ProcessQueue<?>> queues;

    /** @param queues the queues by name (in a Spring context, their bean names) */
    public ProcessQueueMetrics(Map<String, ? extends ProcessQueue<?>> queues) {
        this.queues = Map.copyOf(queues);
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        queues.forEach((name, queue) -> Gauge.builder(MpMeterNames.QUEUE_SIZE, queue, ProcessQueue::size)
                .description("Items in the queue").tag(MpMeterNames.QUEUE_TAG, name).register(registry));
    }
}
