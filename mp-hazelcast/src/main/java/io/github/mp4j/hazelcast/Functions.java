package io.github.mp4j.hazelcast;

import io.github.mp4j.function.SerializableFunction;
import io.github.mp4j.serial.ObjectCodec;
import io.github.mp4j.serial.SerializationException;
import java.lang.reflect.RecordComponent;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Functions as they cross the cluster, by their encoded bytes.
 *
 * <p>The caller encodes each call's function once ({@link #sent}) and keeps one {@link TaskTime}
 * per function class (a lambda's class is its place in the code; a wrapper record counts with the
 * classes it wraps), so that calls of the same function share what their replies measured, even
 * single-task calls of lambdas that capture their argument. A
 * member decodes each distinct encoding once ({@link #received}) and hands its local pool the same
 * function object every time, so that the pool, which remembers functions by identity, sends it
 * to its worker JVMs once instead of once per chunk. Both tables are bounded (least recently used
 * out) and leave out large encodings (functions that capture much data), which would hold memory.
 */
final class Functions {

    private static final int CAPACITY = 256;
    private static final int LARGEST_KEPT = 16 * 1024;
    private static final Map<FunctionKey, SerializableFunction<Object, Object>> RECEIVED = lru();

    /**
     * A function as the caller sends it.
     *
     * @param bytes its encoding
     * @param time how long its tasks take, shared by calls of the same encoding
     */
    record Sent(byte[] bytes, TaskTime time) {
    }

    private final Map<String, TaskTime> times = lru();

    /**
     * @param function a call's function
     * @return its encoding and the time estimate of its tasks
     * @throws SerializationException if it cannot be serialized, naming why
     */
    Sent sent(SerializableFunction<Object, Object> function) {
        byte[] bytes;
        try {
            bytes = ObjectCodec.encode(function);
        } catch (SerializationException e) {
            throw new SerializationException("the function cannot be sent to another process: " + e.getMessage(), e);
        }
        String site = site(function);
        synchronized (times) {
            return new Sent(bytes, times.computeIfAbsent(site, k -> new TaskTime()));
        }
    }

    /** @return the function's class, with the classes a record wraps (an apply's task, a starmap's function) */
    private static String site(Object function) {
        Class<?> type = function.getClass();
        if (!(function instanceof Record)) {
            return type.getName();
        }
        StringBuilder site = new StringBuilder(type.getName()).append('(');
        for (RecordComponent component : type.getRecordComponents()) {
            try {
                Object value = component.getAccessor().invoke(function);
                site.append(value == null ? "null" : value.getClass().getName()).append(',');
            } catch (ReflectiveOperationException | RuntimeException e) {
                // a record of the application's that reflection may not read: its own class is the site
                return type.getName();
            }
        }
        return site.append(')').toString();
    }

    /**
     * @param bytes a function as a caller encoded it
     * @return the function, the same object for the same bytes while it is remembered
     */
    @SuppressWarnings("unchecked")
    static SerializableFunction<Object, Object> received(byte[] bytes) {
        if (bytes.length > LARGEST_KEPT) {
            return (SerializableFunction<Object, Object>) ObjectCodec.decode(bytes);
        }
        FunctionKey key = new FunctionKey(bytes);
        synchronized (RECEIVED) {
            SerializableFunction<Object, Object> known = RECEIVED.get(key);
            if (known != null) {
                return known;
            }
        }
        SerializableFunction<Object, Object> function = (SerializableFunction<Object, Object>) ObjectCodec.decode(bytes);
        synchronized (RECEIVED) {
            return RECEIVED.computeIfAbsent(key, k -> function);
        }
    }

    private static <K, V> Map<K, V> lru() {
        return new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > CAPACITY;
            }
        };
    }
}
