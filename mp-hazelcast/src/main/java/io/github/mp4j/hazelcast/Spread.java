package io.github.mp4j.hazelcast;

import io.github.mp4j.function.SerializableBiFunction;
import io.github.mp4j.function.SerializableFunction;
import io.github.mp4j.function.SerializableFunction3;
import io.github.mp4j.function.SerializableFunction4;
import io.github.mp4j.function.SerializableFunction5;
import io.github.mp4j.function.SerializableVarargsFunction;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code starmap}'s functions of several arguments as functions of one {@code Object[]}, so that
 * they travel and run as {@code map}'s do.
 */
final class Spread {

    private Spread() {
    }

    static List<Object[]> pairs(Iterable<? extends Map.Entry<?, ?>> arguments) {
        List<Object[]> lists = new ArrayList<>();
        for (Map.Entry<?, ?> entry : arguments) {
            lists.add(new Object[] {entry.getKey(), entry.getValue()});
        }
        return lists;
    }

    /**
     * @param argumentLists {@code Object[]}s, {@link List}s or records
     * @param arity how many arguments each must hold
     * @return each as an array
     * @throws IllegalArgumentException naming the index of the first that is none of these or
     *     holds a different number of arguments
     */
    static List<Object[]> lists(Iterable<?> argumentLists, int arity) {
        List<Object[]> lists = new ArrayList<>();
        int index = 0;
        for (Object list : argumentLists) {
            Object[] arguments = toArray(list);
            if (arguments == null || arguments.length != arity) {
                throw new IllegalArgumentException("argument list " + index + " must be an Object[], a List or a record of "
                        + arity + " arguments, was " + (list == null ? "null" : list.getClass().getName()
                        + (arguments == null ? "" : " of " + arguments.length)));
            }
            lists.add(arguments);
            index++;
        }
        return lists;
    }

    /**
     * @param argumentLists {@code Object[]}s, {@link List}s, map entries or records, of any length
     * @return each as an array
     * @throws IllegalArgumentException naming the index of the first that is none of these
     */
    static List<Object[]> anyLists(Iterable<?> argumentLists) {
        List<Object[]> lists = new ArrayList<>();
        int index = 0;
        for (Object list : argumentLists) {
            Object[] arguments = list instanceof Map.Entry<?, ?> entry ? new Object[] {entry.getKey(), entry.getValue()} : toArray(list);
            if (arguments == null) {
                throw new IllegalArgumentException("argument list " + index + " must be an Object[], a List, a Map.Entry or a record, was "
                        + (list == null ? "null" : list.getClass().getName()));
            }
            lists.add(arguments);
            index++;
        }
        return lists;
    }

    private static Object[] toArray(Object list) {
        if (list instanceof Object[] array) {
            return array.clone();
        }
        if (list instanceof List<?> values) {
            return values.toArray();
        }
        if (list instanceof Record record) {
            RecordComponent[] components = record.getClass().getRecordComponents();
            Object[] values = new Object[components.length];
            for (int i = 0; i < components.length; i++) {
                try {
                    components[i].getAccessor().setAccessible(true);
                    values[i] = components[i].getAccessor().invoke(record);
                } catch (IllegalAccessException | InvocationTargetException | RuntimeException e) {
                    throw new IllegalArgumentException("cannot read component " + components[i].getName() + " of "
                            + record.getClass().getName() + ": " + e, e);
                }
            }
            return values;
        }
        return null;
    }

    /** @param f the function of two arguments */
    record Two<A, B, R>(SerializableBiFunction<? super A, ? super B, ? extends R> f) implements SerializableFunction<Object[], R> {
        private static final long serialVersionUID = 1L;

        @Override
        @SuppressWarnings("unchecked")
        public R apply(Object[] a) {
            return f.apply((A) a[0], (B) a[1]);
        }
    }

    /** @param f the function of three arguments */
    record Three<A, B, C, R>(SerializableFunction3<? super A, ? super B, ? super C, ? extends R> f)
            implements SerializableFunction<Object[], R> {
        private static final long serialVersionUID = 1L;

        @Override
        @SuppressWarnings("unchecked")
        public R apply(Object[] a) {
            return f.apply((A) a[0], (B) a[1], (C) a[2]);
        }
    }

    /** @param f the function of four arguments */
    record Four<A, B, C, D, R>(SerializableFunction4<? super A, ? super B, ? super C, ? super D, ? extends R> f)
            implements SerializableFunction<Object[], R> {
        private static final long serialVersionUID = 1L;

        @Override
        @SuppressWarnings("unchecked")
        public R apply(Object[] a) {
            return f.apply((A) a[0], (B) a[1], (C) a[2], (D) a[3]);
        }
    }

    /** @param f the function of five arguments */
    record Five<A, B, C, D, E, R>(SerializableFunction5<? super A, ? super B, ? super C, ? super D, ? super E, ? extends R> f)
            implements SerializableFunction<Object[], R> {
        private static final long serialVersionUID = 1L;

        @Override
        @SuppressWarnings("unchecked")
        public R apply(Object[] a) {
            return f.apply((A) a[0], (B) a[1], (C) a[2], (D) a[3], (E) a[4]);
        }
    }

    /** @param f the function of any number of arguments, given each list spread */
    record Any<R>(SerializableVarargsFunction<? extends R> f) implements SerializableFunction<Object[], R> {
        private static final long serialVersionUID = 1L;

        @Override
        public R apply(Object[] a) {
            return f.apply(a);
        }
    }
}
