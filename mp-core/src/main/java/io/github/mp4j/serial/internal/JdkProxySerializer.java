package io.github.mp4j.serial.internal;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;

/**
 * Instances of {@link Proxy} classes, which exist only in the JVM that generated them: written as
 * the names of the interfaces they implement and their invocation handler (serialized as any
 * object), and generated again on the receiving side. Kryo looks this serializer up under
 * {@link InvocationHandler} for every proxy class.
 *
 * <pre>
 *  +------------------+----------------------------+------------------------------------+
 *  | interfaces (var) | each interface's name      | the handler (class and object)     |
 *  +------------------+----------------------------+------------------------------------+
 * </pre>
 */
final class JdkProxySerializer extends Serializer<Object> {

    @Override
    public void write(Kryo kryo, Output output, Object proxy) {
        Class<?>[] interfaces = proxy.getClass().getInterfaces();
        output.writeVarInt(interfaces.length, true);
        for (Class<?> type : interfaces) {
            output.writeString(type.getName());
        }
        kryo.writeClassAndObject(output, Proxy.getInvocationHandler(proxy));
    }

    @Override
    public Object read(Kryo kryo, Input input, Class<?> type) {
        Class<?>[] interfaces = new Class<?>[input.readVarInt(true)];
        for (int i = 0; i < interfaces.length; i++) {
            String name = input.readString();
            // loaded without initialization, but from an untrusted peer only if allowed
            UntrustedPeer.check(name);
            try {
                interfaces[i] = Class.forName(name, false, kryo.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new KryoException("a proxy for " + name + " arrived, but this JVM has no such interface", e);
            }
        }
        InvocationHandler handler = (InvocationHandler) kryo.readClassAndObject(input);
        return Proxy.newProxyInstance(kryo.getClassLoader(), interfaces, handler);
    }
}
