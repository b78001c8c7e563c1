package io.github.mp4j.pool.internal;

import io.github.mp4j.serial.ItemWriter;
import io.github.mp4j.serial.SerializationException;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

/**
 * A run of a call's inputs, ready to be cut into chunks of any size without further work: for
 * worker JVMs each item is encoded once, into one buffer, with its end offset remembered; for
 * threads the items are kept as they are.
 */
abstract class Inputs {

    abstract int count();

    abstract Payload slice(int from, int to);

    /** How a start method prepares inputs: the one place where JVM and thread pools differ on data. */
    interface Encoder {
        /**
         * @param items the items
         * @param failFast whether an item that cannot be serialized throws (map, at submit) or
         *     becomes a failed task (imap, when reached)
         */
        Inputs encode(List<?> items, boolean failFast);
    }

    static final Encoder SERIALIZED = Inputs::serialize;
    static final Encoder RAW = (items, failFast) -> new Raw(items.toArray());

    private static Inputs serialize(List<?> items, boolean failFast) {
        int[] ends = new int[items.size()];
        Iterator<?> iterator = items.iterator();
        try (ItemWriter writer = new ItemWriter(Math.max(64, items.size() * 8))) {
            for (int i = 0; i < ends.length; i++) {
                Object item = iterator.next();
                try {
                    ends[i] = writer.write(item);
                } catch (SerializationException e) {
                    if (failFast) {
                        throw new SerializationException("input #" + i + " cannot be sent to a worker: " + e.getMessage(), e);
                    }
                    ends[i] = writer.write(new TaskFailure(e));
                }
            }
            return new Serialized(writer.buffer(), ends);
        }
    }

    private static final class Serialized extends Inputs {
        private final byte[] buffer;
        private final int[] ends;

        Serialized(byte[] buffer, int[] ends) {
            this.buffer = buffer;
            this.ends = ends;
        }

        @Override
        int count() {
            return ends.length;
        }

        @Override
        Payload slice(int from, int to) {
            int start = from == 0 ? 0 : ends[from - 1];
            return Payload.encoded(buffer, start, ends[to - 1] - start);
        }
    }

    private static final class Raw extends Inputs {
        private final Object[] items;

        Raw(Object[] items) {
            this.items = items;
        }

        @Override
        int count() {
            return items.length;
        }

        @Override
        Payload slice(int from, int to) {
            return Payload.raw(Arrays.copyOfRange(items, from, to));
        }
    }
}
