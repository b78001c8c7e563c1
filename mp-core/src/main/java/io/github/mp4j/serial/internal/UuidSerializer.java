package io.github.mp4j.serial.internal;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.util.UUID;

/** {@link UUID}s through their public accessors, so no JVM flag is needed to send one. */
final class UuidSerializer extends Serializer<UUID> {

    UuidSerializer() {
        setImmutable(true);
    }

    @Override
    public void write(Kryo kryo, Output output, UUID value) {
        output.writeLong(value.getMostSignificantBits());
        output.writeLong(value.getLeastSignificantBits());
    }

    @Override
    public UUID read(Kryo kryo, Input input, Class<? extends UUID> type) {
        return new UUID(input.readLong(), input.readLong());
    }
}
