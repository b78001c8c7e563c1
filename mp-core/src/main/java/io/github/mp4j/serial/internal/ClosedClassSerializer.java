package io.github.mp4j.serial.internal;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.github.mp4j.serial.SerializationException;

/**
 * Refuses a class that has no serializer of its own and whose fields this JVM may not read, saying
 * which package is closed and what to do. Kryo adds the path of fields that led to it.
 */
final class ClosedClassSerializer extends Serializer<Object> {

    private final Class<?> type;
    /** The class, {@code type} or a superclass, whose package is not open to mp4j. */
    private final Class<?> closed;
    private final RuntimeException cause;

    ClosedClassSerializer(Class<?> type, RuntimeException cause) {
        this.type = type;
        this.closed = firstClosed(type);
        this.cause = cause;
    }

    @Override
    public void write(Kryo kryo, Output output, Object value) {
        throw new SerializationException(type.getName() + " cannot be sent to another process: mp4j has no serializer"
                + " for it and " + reason() + ". Send what it holds as values mp4j sends (strings, numbers, java.time"
                + " values, paths, records, collections), or open that package in every JVM involved ("
                + addOpensFlag() + "; workers take extra flags through the pool's JVM options)", cause);
    }

    @Override
    public Object read(Kryo kryo, Input input, Class<?> type) {
        throw new SerializationException("a " + this.type.getName() + " arrived from another process but this process"
                + " cannot rebuild it: " + reason() + " (run this JVM with " + addOpensFlag() + ")", cause);
    }

    private String reason() {
        return "its fields cannot be read by reflection because module " + moduleName() + " does not open package "
                + closed.getPackageName() + " to mp4j";
    }

    private String addOpensFlag() {
        return "--add-opens " + moduleName() + "/" + closed.getPackageName() + "=ALL-UNNAMED";
    }

    private String moduleName() {
        return closed.getModule().isNamed() ? closed.getModule().getName() : "ALL-UNNAMED";
    }

    private static Class<?> firstClosed(Class<?> type) {
        Module mp4j = ClosedClassSerializer.class.getModule();
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            if (!c.getModule().isOpen(c.getPackageName(), mp4j)) {
                return c;
            }
        }
        return type;
    }
}
