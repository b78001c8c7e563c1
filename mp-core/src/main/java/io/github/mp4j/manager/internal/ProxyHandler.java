package io.github.mp4j.manager.internal;

import com.esotericsoftware.kryo.DefaultSerializer;
import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.github.mp4j.transport.Handoff;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The invocation handler behind every proxy: it holds the object's {@link Token} (the only thing
 * serialized: a proxy travels in any message, task or shared object, and works wherever it
 * arrives) and turns each call into one request on the calling thread's connection to the manager.
 * {@link MethodTable.Route} says which calls run elsewhere.
 */
@DefaultSerializer(ProxyHandler.Codec.class)
public final class ProxyHandler implements InvocationHandler {

    private final Token token;
    private volatile MethodTable table;

    ProxyHandler(Token token) {
        this.token = token;
    }

    /**
     * @param token the object
     * @param type its interface
     * @param <T> the interface
     * @return a new proxy for the object
     */
    static <T> T proxy(Token token, Class<T> type) {
        Object proxy = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, new ProxyHandler(token));
        return type.cast(proxy);
    }

    /**
     * @param candidate any object
     * @return its token if it is a manager's proxy, else {@code null}
     */
    static Token tokenOf(Object candidate) {
        if (candidate != null && Proxy.isProxyClass(candidate.getClass())
                && Proxy.getInvocationHandler(candidate) instanceof ProxyHandler handler) {
            return handler.token;
        }
        return null;
    }

    /**
     * @param candidate any object
     * @return whether it is a proxy of a manager's object
     */
    public static boolean isProxy(Object candidate) {
        return tokenOf(candidate) != null;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        if (method.getDeclaringClass() == Object.class) {
            return objectMethod(proxy, method, args);
        }
        MethodTable.Entry entry = table().entry(method);
        switch (entry.route()) {
            case LOCAL_DEFAULT:
                return InvocationHandler.invokeDefault(proxy, entry.method(), args);
            case SNAPSHOT:
                return onSnapshot(entry.method(), args);
            default:
                return call(entry.number(), args);
        }
    }

    private Object call(short method, Object[] args) {
        return ClientChannels.channel(token).call(token.id(), method, args);
    }

    private MethodTable table() {
        MethodTable t = table;
        if (t == null) {
            try {
                t = MethodTable.of(Class.forName(token.type(), false, ProxyHandler.class.getClassLoader()));
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException("no interface " + token.type() + " in this JVM for " + token, e);
            }
            table = t;
        }
        return t;
    }

    private Object snapshot() {
        Object copy = call(ManagerProtocol.SNAPSHOT, null);
        if (copy instanceof Map<?, ?> map) {
            return Collections.unmodifiableMap(map);
        }
        return Collections.unmodifiableList((List<?>) copy);
    }

    private Object onSnapshot(Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(snapshot(), args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private Object objectMethod(Object proxy, Method method, Object[] args) {
        boolean collection = proxy instanceof Map || proxy instanceof Collection;
        switch (method.getName()) {
            case "equals":
                Token other = tokenOf(args[0]);
                if (other != null && other.equals(token)) {
                    return true;
                }
                return collection && snapshot().equals(args[0]);
            case "hashCode":
                return collection ? snapshot().hashCode() : token.hashCode();
            default:
                return collection ? snapshot().toString() : token.toString();
        }
    }

    /**
     * A proxy's wire form:
     * <pre>
     *  +-------------------+----------------+---------------------+----------------------------------+
     *  | address (string)  | id (int64)     | interface (string)  | key: length + 1 (var), bytes;    |
     *  |                   |                |                     | 0 when it does not travel        |
     *  +-------------------+----------------+---------------------+----------------------------------+
     * </pre>
     * A manager's own key (one that is not the family's) travels only to this process's own
     * children ({@link Handoff#encodingForOwnChild}: a child's target, a pool worker's task), as
     * CPython sends its auth key only to the processes it spawns: never in a message on a
     * connection, which may cross a machine boundary. A process that receives a proxy without its
     * key uses the key it knows for that address ({@code Manager.connect}), else the family's.
     */
    public static final class Codec extends Serializer<ProxyHandler> {

        /** Nothing to tell: a proxy holds no connection the child's exit would concern. */
        private static final Handoff.Handle NOTHING = reason -> { };

        @Override
        public void write(Kryo kryo, Output output, ProxyHandler handler) {
            Token token = handler.token;
            output.writeString(token.address());
            output.writeLong(token.id());
            output.writeString(token.type());
            Handoff.sent(NOTHING);
            // a manager's own key goes only to this process's own children: in a target, or a pool's task
            byte[] key = token.authKey() != null && Handoff.encodingForOwnChild() ? token.authKey() : null;
            if (key == null) {
                output.writeVarInt(0, true);
            } else {
                output.writeVarInt(key.length + 1, true);
                output.writeBytes(key);
            }
        }

        @Override
        public ProxyHandler read(Kryo kryo, Input input, Class<? extends ProxyHandler> type) {
            String address = input.readString();
            long id = input.readLong();
            String interfaceName = input.readString();
            int keyLength = input.readVarInt(true) - 1;
            byte[] key = keyLength < 0 ? null : input.readBytes(keyLength);
            if (key != null) {
                Keys.learn(address, key);
            } else if (address.startsWith("tcp:")) {
                // arrived over TCP: reach the manager with the key and TLS of that connection, as queue handles do
                io.github.mp4j.transport.ObjectServer.reach(address);
            }
            return new ProxyHandler(new Token(address, id, interfaceName, key));
        }
    }
}
