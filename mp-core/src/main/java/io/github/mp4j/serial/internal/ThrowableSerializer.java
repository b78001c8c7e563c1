package io.github.mp4j.serial.internal;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.github.mp4j.serial.RemoteException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;

/**
 * Exceptions go through Java serialization, which keeps message, stack trace, cause and
 * suppressed exceptions. An exception that Java serialization refuses (a non-serializable
 * field, say) is replaced by a {@link RemoteException} carrying the same text and trace.
 */
final class ThrowableSerializer extends Serializer<Throwable> {

    @Override
    public void write(Kryo kryo, Output output, Throwable value) {
        byte[] bytes;
        try {
            bytes = javaSerialize(value);
        } catch (IOException | RuntimeException notSerializable) {
            try {
                bytes = javaSerialize(RemoteException.of(value));
            } catch (IOException e) {
                throw new KryoException("cannot serialize even a description of " + value.getClass().getName(), e);
            }
        }
        output.writeVarInt(bytes.length, true);
        output.writeBytes(bytes);
    }

    @Override
    public Throwable read(Kryo kryo, Input input, Class<? extends Throwable> type) {
        byte[] bytes = input.readBytes(input.readVarInt(true));
        ClassLoader loader = kryo.getClassLoader();
        try (ObjectInputStream in = new LoaderObjectInputStream(new ByteArrayInputStream(bytes), loader)) {
            return (Throwable) in.readObject();
        } catch (IOException | ClassNotFoundException e) {
            throw new KryoException("cannot decode a " + type.getName() + " sent by another process: " + e, e);
        }
    }

    private static byte[] javaSerialize(Throwable value) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(1024);
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        return bytes.toByteArray();
    }
}
