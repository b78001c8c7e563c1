package io.github.mp4j.pool.internal;

import io.github.mp4j.function.SerializableBiFunction;
import io.github.mp4j.function.SerializableFunction;
import java.util.concurrent.Callable;

/** Adapters that turn every kind of pool call into "apply a function to each item". */
final class Functions {

    /** Runs an item that is itself the task. */
    static final SerializableFunction<Object, Object> CALL = Functions::call;

    private Functions() {
    }

    /**
     * A two-argument function applied to {@code Object[]{first, second}} items. The pair stays an
     * array because it is what travels to worker JVMs, one item at a time: Kryo writes an
     * {@code Object[]} as a registered type ({@code (1, "x")} takes 8 bytes), a record of our own
     * with its class name in every item (21 bytes).
     */
    record Star(SerializableBiFunction<Object, Object, Object> function) implements SerializableFunction<Object, Object> {
        @Override
        public Object apply(Object pair) {
            Object[] arguments = (Object[]) pair;
            return function.apply(arguments[0], arguments[1]);
        }
    }

    /** Applies a function to one item, turning what it throws into a {@link TaskFailure}. */
    static Object run(SerializableFunction<Object, Object> function, Object item) {
        if (item instanceof TaskFailure) {
            return item;
        }
        try {
            return function.apply(item);
        } catch (Throwable t) {
            if (t instanceof VirtualMachineError && !(t instanceof StackOverflowError)) {
                throw (VirtualMachineError) t;
            }
            return new TaskFailure(t);
        }
    }

    private static Object call(Object task) {
        try {
            return ((Callable<?>) task).call();
        } catch (Exception e) {
            throw Functions.<RuntimeException>rethrow(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> E rethrow(Throwable e) throws E {
        throw (E) e;
    }
}
