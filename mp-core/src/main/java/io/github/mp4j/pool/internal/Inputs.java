package io.github.mp4j.pool.internal;

import io.github.mp4j.serial.ItemWriter;
import io.github.mp4j.serial.SerializationException;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

/**
 * A run of a call's inputs, ready to be cut into chunks of any size: for worker JVMs each item is
 * encoded once, into one buffer, with its end offset remembered (or, for numbers and strings,
 * when its chunk is sent); for threads the items are kept as they are.
 */
abstract class Inputs {

    abstract int count();

    abstract Payload slice(int from, int to);

    /** Encodes items {@code [from, to)} of inputs whose slices are {@link Payload#deferred}. */
    Payload encode(int from, int to) {
        throw new UnsupportedOperationException("these inputs are encoded already");
    }

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

    /**
     * Numbers and strings cannot fail to encode, so checking them at submit takes no encoding: a
     * call of them is encoded chunk by chunk as it is sent, and the first workers start while the
     * rest is still being encoded. Anything else is encoded now, so that an item that cannot be
     * sent fails the call before any of it runs.
     */
    private static Inputs serialize(List<?> items, boolean failFast) {
        if (!failFast) {
            return encodeNow(items, false);
        }
        int[] ints = new int[items.size()];
        int i = 0;
        for (Iterator<?> iterator = items.iterator(); i < ints.length && iterator.next() instanceof Integer value; i++) {
            ints[i] = value;
        }
        if (i == ints.length) {
            // kept unboxed: a million boxes kept for the whole call would be copied by every young collection
            return new DeferredInts(ints);
        }
        Object[] array = items.toArray();
        boolean scalars = true;
        for (int j = 0; j < array.length && scalars; j++) {
            scalars = ItemWriter.isImmutableScalar(array[j]);
        }
        return scalars ? new DeferredScalars(array) : encodeNow(Arrays.asList(array), true);
    }

    private static Inputs encodeNow(List<?> items, boolean failFast) {
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

    /** Inputs kept as they are and encoded a chunk at a time, by whichever thread sends the chunk. */
    private abstract static class Deferred extends Inputs {

        @Override
        Payload slice(int from, int to) {
            return Payload.deferred(this, from, to);
        }

        @Override
        Payload encode(int from, int to) {
            try (ItemWriter writer = new ItemWriter(Math.max(64, (to - from) * 4))) {
                for (int i = from; i < to; i++) {
                    write(writer, i);
                }
                return Payload.encoded(writer.buffer(), 0, writer.position());
            }
        }

        abstract void write(ItemWriter writer, int index);
    }

    private static final class DeferredScalars extends Deferred {
        private final Object[] items;

        DeferredScalars(Object[] items) {
            this.items = items;
        }

        @Override
        int count() {
            return items.length;
        }

        @Override
        void write(ItemWriter writer, int index) {
            writer.write(items[index]);
        }
    }

    private static final class DeferredInts extends Deferred {
        private final int[] items;

        DeferredInts(int[] items) {
            this.items = items;
        }

        @Override
        int count() {
            return items.length;
        }

        @Override
        void write(ItemWriter writer, int index) {
            writer.writeIntItem(items[index]);
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
