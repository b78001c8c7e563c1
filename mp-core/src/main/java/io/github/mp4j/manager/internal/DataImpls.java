package io.github.mp4j.manager.internal;

import io.github.mp4j.function.SerializableFunction;
import io.github.mp4j.manager.ManagedArray;
import io.github.mp4j.manager.ManagedList;
import io.github.mp4j.manager.ManagedMap;
import io.github.mp4j.manager.ManagedNamespace;
import io.github.mp4j.manager.ManagedQueue;
import io.github.mp4j.manager.ManagedValue;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.LinkedBlockingDeque;

/**
 * The manager's data objects. Maps, lists, values, arrays and namespaces are served one call at a
 * time (the server holds the object's monitor during each call), which makes every method, the
 * functional updates included, atomic; the queue is thread-safe on its own and lets waiters block.
 */
final class DataImpls {

    private DataImpls() {
    }

    /** A map, in insertion order. */
    static final class MapImpl extends LinkedHashMap<Object, Object> implements ManagedMap<Object, Object> {
        private static final long serialVersionUID = 1L;
    }

    /** A list. */
    static final class ListImpl extends ArrayList<Object> implements ManagedList<Object> {
        private static final long serialVersionUID = 1L;
    }

    /** A queue; a take whose reply is lost puts its element back at the head. */
    static final class QueueImpl extends LinkedBlockingDeque<Object> implements ManagedQueue<Object>, ReplyLossAware {

        private static final long serialVersionUID = 1L;

        QueueImpl(int capacity) {
            super(capacity);
        }

        @Override
        public List<Object> drain(int maxElements) {
            List<Object> drained = new ArrayList<>();
            super.drainTo(drained, maxElements);
            return drained;
        }

        @Override
        public int drainTo(java.util.Collection<? super Object> target) {
            return super.drainTo(target);
        }

        @Override
        public int drainTo(java.util.Collection<? super Object> target, int maxElements) {
            return super.drainTo(target, maxElements);
        }

        @Override
        public void replyLost(String method, Object result) {
            if (result != null && (method.equals("take") || method.equals("poll") || method.equals("remove"))) {
                offerFirst(result);
            } else if (result instanceof List<?> drained && method.equals("drain")) {
                for (int i = drained.size() - 1; i >= 0; i--) {
                    offerFirst(drained.get(i));
                }
            }
        }
    }

    /** A value. */
    static final class ValueImpl implements ManagedValue<Object> {

        private Object value;

        ValueImpl(Object initial) {
            value = initial;
        }

        @Override
        public Object get() {
            return value;
        }

        @Override
        public void set(Object newValue) {
            value = newValue;
        }

        @Override
        public Object getAndSet(Object newValue) {
            Object old = value;
            value = newValue;
            return old;
        }

        @Override
        public Object updateAndGet(SerializableFunction<? super Object, ?> update) {
            value = update.apply(value);
            return value;
        }

        @Override
        public String toString() {
            return "Value(" + value + ")";
        }
    }

    /** A fixed-length array. */
    static final class ArrayImpl implements ManagedArray<Object> {

        private final Object[] elements;

        ArrayImpl(List<?> initial) {
            elements = initial.toArray();
        }

        @Override
        public int length() {
            return elements.length;
        }

        @Override
        public Object get(int index) {
            return elements[index];
        }

        @Override
        public void set(int index, Object value) {
            elements[index] = value;
        }

        @Override
        public Object updateAndGet(int index, SerializableFunction<? super Object, ?> update) {
            elements[index] = update.apply(elements[index]);
            return elements[index];
        }

        @Override
        public List<Object> toList() {
            return new ArrayList<>(Arrays.asList(elements));
        }

        @Override
        public String toString() {
            return "Array" + Arrays.toString(elements);
        }
    }

    /** A namespace. */
    static final class NamespaceImpl implements ManagedNamespace {

        private final Map<String, Object> attributes = new LinkedHashMap<>();

        @Override
        @SuppressWarnings("unchecked")
        public <T> T get(String name) {
            if (!attributes.containsKey(name)) {
                throw new NoSuchElementException("the namespace has no attribute '" + name + "'; it has "
                        + attributes.keySet());
            }
            return (T) attributes.get(name);
        }

        @Override
        public void set(String name, Object value) {
            attributes.put(name, value);
        }

        @Override
        public boolean remove(String name) {
            boolean had = attributes.containsKey(name);
            attributes.remove(name);
            return had;
        }

        @Override
        public boolean has(String name) {
            return attributes.containsKey(name);
        }

        @Override
        public Set<String> names() {
            return new LinkedHashSet<>(attributes.keySet());
        }

        @Override
        public Map<String, Object> asMap() {
            return new LinkedHashMap<>(attributes);
        }

        @Override
        public String toString() {
            return "Namespace" + attributes;
        }
    }
}
