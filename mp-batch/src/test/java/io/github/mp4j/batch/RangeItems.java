package io.github.mp4j.batch;

import java.io.IOException;
import java.io.Serial;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;
import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemProcessor;
import org.springframework.batch.infrastructure.item.ItemReader;
import org.springframework.batch.infrastructure.item.ItemStream;
import org.springframework.batch.infrastructure.item.ItemWriter;

/**
 * The test job's items: each partition reads the integers of its range ("from", "to"), drops
 * multiples of 7 and writes the sum of the squares of the others into its context ("sum").
 * Reader and writer are restartable streams ("position", "sum"). A partition fails at item
 * "failAt" while the file named by the job parameter "failMarker" exists, and hangs at item
 * "hangAt" (after writing its worker's pid to the "hangFile") while that file's marker exists.
 */
final class RangeItems implements ItemStepFactory<Integer, Long> {

    @Serial
    private static final long serialVersionUID = 1L;

    static final int CHUNK = 100;

    private final Map<String, String> parameters;

    RangeItems(Map<String, String> parameters) {
        this.parameters = Map.copyOf(parameters);
    }

    @Override
    public ItemReader<Integer> reader(ExecutionContext partition) {
        return new RangeReader(partition.getInt("from"), partition.getInt("to"), parameters);
    }

    @Override
    public ItemProcessor<Integer, Long> processor(ExecutionContext partition) {
        return RangeItems::process;
    }

    @Override
    public ItemWriter<Long> writer(ExecutionContext partition) {
        return new SumWriter();
    }

    static Long process(Integer item) {
        return item % 7 == 0 ? null : (long) item * item;
    }

    /** The expected totals of [0, n): read, filtered, written, sum. */
    static long[] expected(int n) {
        long filtered = 0;
        long sum = 0;
        for (int i = 0; i < n; i++) {
            Long out = process(i);
            if (out == null) {
                filtered++;
            } else {
                sum += out;
            }
        }
        return new long[] {n, filtered, n - filtered, sum};
    }

    /** Cuts [0, n) into gridSize ranges. */
    static Partitioner partitioner(int n) {
        return gridSize -> {
            Map<String, ExecutionContext> partitions = new HashMap<>();
            for (int p = 0; p < gridSize; p++) {
                ExecutionContext context = new ExecutionContext();
                context.putInt("from", (int) ((long) n * p / gridSize));
                context.putInt("to", (int) ((long) n * (p + 1) / gridSize));
                partitions.put("partition" + p, context);
            }
            return partitions;
        };
    }

    private static final class RangeReader implements ItemReader<Integer>, ItemStream {
        private final int to;
        private final Map<String, String> parameters;
        private int position;

        RangeReader(int from, int to, Map<String, String> parameters) {
            this.position = from;
            this.to = to;
            this.parameters = parameters;
        }

        @Override
        public void open(ExecutionContext context) {
            position = context.getInt("position", position);
        }

        @Override
        public void update(ExecutionContext context) {
            context.putInt("position", position);
        }

        @Override
        public Integer read() throws Exception {
            if (position >= to) {
                return null;
            }
            int item = position++;
            failOrHang(item);
            return item;
        }

        private void failOrHang(int item) throws Exception {
            if (String.valueOf(item).equals(parameters.get("failAt")) && Files.exists(Path.of(parameters.get("failMarker")))) {
                throw new IllegalStateException("failing on purpose at item " + item);
            }
            if (String.valueOf(item).equals(parameters.get("hangAt")) && Files.exists(Path.of(parameters.get("hangMarker")))) {
                writePid(Path.of(parameters.get("hangFile")));
                while (true) {
                    Thread.sleep(100);
                }
            }
        }

        private static void writePid(Path file) {
            try {
                Path temp = Files.createTempFile(file.getParent(), "pid", ".tmp");
                Files.writeString(temp, Long.toString(ProcessHandle.current().pid()));
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static final class SumWriter implements ItemWriter<Long>, ItemStream {
        private long sum;

        @Override
        public void open(ExecutionContext context) {
            sum = context.getLong("sum", 0L);
        }

        @Override
        public void update(ExecutionContext context) {
            context.putLong("sum", sum);
        }

        @Override
        public void write(Chunk<? extends Long> chunk) {
            for (Long value : chunk) {
                sum += value;
            }
        }
    }
}
