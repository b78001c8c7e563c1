package io.github.mp4j.serial.internal;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/** {@link InetSocketAddress}es, resolved or not, without a name lookup on either side. */
final class InetSocketAddressSerializer extends Serializer<InetSocketAddress> {

    InetSocketAddressSerializer() {
        setImmutable(true);
    }

    @Override
    public void write(Kryo kryo, Output output, InetSocketAddress address) {
        output.writeVarInt(address.getPort(), true);
        boolean resolved = !address.isUnresolved();
        output.writeBoolean(resolved);
        if (resolved) {
            kryo.writeClassAndObject(output, address.getAddress());
        } else {
            output.writeString(address.getHostString());
        }
    }

    @Override
    public InetSocketAddress read(Kryo kryo, Input input, Class<? extends InetSocketAddress> type) {
        int port = input.readVarInt(true);
        if (input.readBoolean()) {
            return new InetSocketAddress((InetAddress) kryo.readClassAndObject(input), port);
        }
        return InetSocketAddress.createUnresolved(input.readString(), port);
    }
}
