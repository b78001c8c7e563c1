package io.github.mp4j.serial.internal;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * {@link InetAddress}es as their raw address, the host name they were created with (never looked
 * up: sending must not wait for DNS) and an IPv6 scope. The receiver rebuilds them without a lookup.
 *
 * <pre>
 *   host name (string, null if none) | address length (var int) | address bytes | scope id (IPv6 only)
 * </pre>
 */
final class InetAddressSerializer extends Serializer<InetAddress> {

    InetAddressSerializer() {
        setImmutable(true);
    }

    @Override
    public void write(Kryo kryo, Output output, InetAddress address) {
        output.writeString(hostNameWithoutLookup(address));
        byte[] bytes = address.getAddress();
        output.writeVarInt(bytes.length, true);
        output.writeBytes(bytes);
        if (address instanceof Inet6Address ipv6) {
            output.writeVarInt(ipv6.getScopeId(), true);
        }
    }

    @Override
    public InetAddress read(Kryo kryo, Input input, Class<? extends InetAddress> type) {
        String host = input.readString();
        byte[] bytes = input.readBytes(input.readVarInt(true));
        try {
            if (type == Inet6Address.class) {
                int scope = input.readVarInt(true);
                return scope == 0 ? InetAddress.getByAddress(host, bytes) : Inet6Address.getByAddress(host, bytes, scope);
            }
            return InetAddress.getByAddress(host, bytes);
        } catch (UnknownHostException e) {
            throw new KryoException("not an IP address: " + bytes.length + " bytes", e);
        }
    }

    /** {@code toString()} is "name/literal", the name empty unless known: it never resolves. */
    static String hostNameWithoutLookup(InetAddress address) {
        String text = address.toString();
        int slash = text.indexOf('/');
        return slash <= 0 ? null : text.substring(0, slash);
    }
}
