package io.github.mp4j.serial.internal;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;

/**
 * {@code byte[]} as Kryo writes it, but a length longer than the rest of the message is refused
 * before anything is allocated: a few bytes of garbage cannot make a receiver allocate gigabytes.
 */
final class BoundedByteArraySerializer extends Serializer<byte[]> {

    BoundedByteArraySerializer() {
        super(true);
    }

    @Override
    public void write(Kryo kryo, Output output, byte[] value) {
        if (value == null) {
            output.writeVarInt(0, true);
            return;
        }
        output.writeVarInt(value.length + 1, true);
        output.writeBytes(value);
    }

    @Override
    public byte[] read(Kryo kryo, Input input, Class<? extends byte[]> type) {
        int length = input.readVarInt(true);
        if (length == 0) {
            return null;
        }
        int bytes = length - 1;
        if (input.getInputStream() == null && bytes > input.limit() - input.position()) {
            throw new KryoException("a byte array of " + bytes + " bytes is longer than the rest of the message ("
                    + (input.limit() - input.position()) + " bytes)");
        }
        return input.readBytes(bytes);
    }

    @Override
    public byte[] copy(Kryo kryo, byte[] original) {
        return original.clone();
    }
}
