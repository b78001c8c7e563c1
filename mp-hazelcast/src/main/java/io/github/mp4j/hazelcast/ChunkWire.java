package io.github.mp4j.hazelcast;

import io.github.mp4j.function.SerializableCallable;
import io.github.mp4j.function.SerializableFunction;
import io.github.mp4j.pool.TaskFailedException;

/**
 * What a chunk and its reply hold. Each travels as one mp4j Kryo message ({@code ObjectCodec}); a
 * message to a member carries a batch of them as {@code byte[]}s inside Hazelcast's executor
 * messages ({@link ChunkTask}), so whatever serializes for a local pool serializes for the cluster:
 *
 * <pre>
 *   caller                                    member
 *   ChunkTask{ byte[][] requests } ───────▶   per request: decode Request(function bytes, items[], timeout, label)
 *     (Hazelcast executor, Java                 function decoded once per distinct bytes ({@link Functions})
 *      serialization of byte[][])             local ProcessPool.mapOutcomesAsync(function, items), all at once
 *                                             per request: encode Reply(values[], failures[], nanos, error)
 *   byte[][] replies ◀────────────────────    (replies[i] answers requests[i], once every chunk is done)
 * </pre>
 *
 * <p>{@code values[i]} and {@code failures[i]} belong to {@code items[i]}; exactly one of them is
 * set unless the value is {@code null}. {@code error} is set instead when the member could not
 * run the chunk at all (a class it cannot load, no mp4j pool on it); it names the member.
 * {@code nanos} runs from the moment the member received the batch to the chunk's last outcome.
 */
final class ChunkWire {

    private ChunkWire() {
    }

    /**
     * One chunk for a member.
     *
     * @param function applied to each item, encoded (the same bytes for every chunk of a call)
     * @param items the chunk's inputs
     * @param taskTimeoutMillis each task's time limit in the member's pool, 0 for none
     * @param label the call's label
     */
    record Request(byte[] function, Object[] items, long taskTimeoutMillis, String label) {
    }

    /**
     * A member's answer.
     *
     * @param values each item's result
     * @param failures each item's failure, or {@code null}
     * @param nanos how long after the member received the batch the chunk was done
     * @param error why the member could not run the chunk at all, or {@code null}
     */
    record Reply(Object[] values, TaskFailedException[] failures, long nanos, String error) {

        static Reply error(String message) {
            return new Reply(new Object[0], new TaskFailedException[0], 0, message);
        }
    }

    /**
     * A task without argument ({@code apply}), as a function of an ignored item.
     *
     * @param task the task
     */
    record CallTask(SerializableCallable<?> task) implements SerializableFunction<Object, Object> {

        private static final long serialVersionUID = 1L;

        <R> R applyTyped(Object ignored) {
            @SuppressWarnings("unchecked")
            R result = (R) apply(ignored);
            return result;
        }

        @Override
        public Object apply(Object ignored) {
            try {
                return task.call();
            } catch (Exception e) {
                throw ChunkWire.<RuntimeException>sneaky(e);
            }
        }
    }

    /**
     * Throws a checked exception unchanged, so that it arrives as the task's failure cause as it
     * does from a local pool.
     */
    @SuppressWarnings("unchecked")
    static <E extends Throwable> E sneaky(Throwable e) throws E {
        throw (E) e;
    }
}
