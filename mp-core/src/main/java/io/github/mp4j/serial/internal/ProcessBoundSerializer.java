package io.github.mp4j.serial.internal;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.github.mp4j.serial.NotSendable;
import io.github.mp4j.serial.SerializationException;

/** Refuses objects that only mean something inside the process that owns them. */
final class ProcessBoundSerializer extends Serializer<Object> {

    private final Class<?> family;

    ProcessBoundSerializer(Class<?> family) {
        this.family = family;
    }

    @Override
    public void write(Kryo kryo, Output output, Object value) {
        if (value instanceof NotSendable refused) {
            throw new SerializationException(refused.whyNotSendable());
        }
        throw new SerializationException(value.getClass().getName() + " is a " + family.getSimpleName()
                + ", which belongs to the process that created it and cannot be sent to another process;"
                + " send the data it gives access to instead");
    }

    @Override
    public Object read(Kryo kryo, Input input, Class<?> type) {
        throw new SerializationException("a " + type.getName() + " was never meant to be sent between processes");
    }
}
