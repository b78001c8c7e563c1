package io.github.mp4j.pool.internal;

import io.github.mp4j.function.SerializableBiFunction;
import io.github.mp4j.function.SerializableFunction;
import io.github.mp4j.function.SerializableFunction3;
import io.github.mp4j.function.SerializableFunction4;
import io.github.mp4j.function.SerializableFunction5;
import io.github.mp4j.function.SerializableVarargsFunction;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** Adapters that turn every kind of pool call into "apply a function to each item". */
final class Functions {

    /** The arity {@link #argumentList} accepts for a function of any number of arguments. */
    static final int ANY_ARITY = -1;

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

    /** A three-argument function applied to {@code Object[]} items of three (see {@link Star}). */
    record Star3(SerializableFunction3<Object, Object, Object, Object> function) implements SerializableFunction<Object, Object> {
        @Override
        public Object apply(Object list) {
            Object[] a = (Object[]) list;
            return function.apply(a[0], a[1], a[2]);
        }
    }

    /** A four-argument function applied to {@code Object[]} items of four. */
    record Star4(SerializableFunction4<Object, Object, Object, Object, Object> function)
            implements SerializableFunction<Object, Object> {
        @Override
        public Object apply(Object list) {
            Object[] a = (Object[]) list;
            return function.apply(a[0], a[1], a[2], a[3]);
        }
    }

    /** A five-argument function applied to {@code Object[]} items of five. */
    record Star5(SerializableFunction5<Object, Object, Object, Object, Object, Object> function)
            implements SerializableFunction<Object, Object> {
        @Override
        public Object apply(Object list) {
            Object[] a = (Object[]) list;
            return function.apply(a[0], a[1], a[2], a[3], a[4]);
        }
    }

    /** A function of any number of arguments applied to {@code Object[]} items of any length. */
    record StarAny(SerializableVarargsFunction<Object> function) implements SerializableFunction<Object, Object> {
        @Override
        public Object apply(Object list) {
            return function.apply((Object[]) list);
        }
    }

    /**
     * An argument list as it travels: an {@code Object[]} of exactly {@code arity} arguments, from
     * an array, a {@link List}, a {@link Map.Entry} or a record (its components in order); of any
     * length when {@code arity} is {@link #ANY_ARITY}.
     *
     * @throws IllegalArgumentException if it is none of these, or has another number of arguments
     */
    static Object[] argumentList(Object list, int arity, int index) {
        Object[] arguments;
        if (list instanceof Object[] array) {
            // An Object[] of its own, whatever the array's runtime type (an Integer[] would refuse other arguments)
            arguments = Arrays.copyOf(array, array.length, Object[].class);
        } else if (list instanceof List<?> values) {
            arguments = values.toArray();
        } else if (list instanceof Map.Entry<?, ?> entry) {
            arguments = new Object[] {entry.getKey(), entry.getValue()};
        } else if (list != null && list.getClass().isRecord()) {
            arguments = components((Record) list);
        } else {
            throw new IllegalArgumentException("argument list #" + index + " of a starmap must be an Object[], a List,"
                    + " a Map.Entry or a record, was " + (list == null ? "null" : list.getClass().getName()));
        }
        if (arity != ANY_ARITY && arguments.length != arity) {
            throw new IllegalArgumentException("argument list #" + index + " of a starmap has " + arguments.length
                    + " arguments; the function takes " + arity);
        }
        return arguments;
    }

    private static Object[] components(Record record) {
        RecordComponent[] components = record.getClass().getRecordComponents();
        Object[] values = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            try {
                Method accessor = components[i].getAccessor();
                accessor.setAccessible(true);
                values[i] = accessor.invoke(record);
            } catch (ReflectiveOperationException | RuntimeException e) {
                throw new IllegalArgumentException("cannot read component " + components[i].getName() + " of "
                        + record.getClass().getName() + " as a starmap argument: " + e, e);
            }
        }
        return values;
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
