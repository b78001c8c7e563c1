package io.github.mp4j.manager.internal;

import io.github.mp4j.connection.Address;
import io.github.mp4j.function.SerializableCallable;

/** A process's handle on a manager: creates objects there and returns their proxies. */
public final class ManagerClient {

    private final String address;
    private final byte[] key;
    private final ManagerRoot root;

    /**
     * @param address the manager's address
     * @param key its auth key
     * @param options how this process connects to it (TLS on TCP), or {@code null} for the defaults
     */
    public ManagerClient(Address address, byte[] key, io.github.mp4j.connection.ConnectionOptions options) {
        this.address = address.toString();
        this.key = key.clone();
        Keys.learn(this.address, key);
        Keys.learnOptions(this.address, options);
        this.root = ProxyHandler.proxy(Token.of(this.address, ManagerProtocol.ROOT_ID, ManagerRoot.class, key),
                ManagerRoot.class);
    }

    /**
     * @param kind a built-in kind ({@link Kinds#type})
     * @param args its arguments
     * @param <T> its interface
     * @return a proxy for the new object
     */
    @SuppressWarnings("unchecked")
    public <T> T create(String kind, Object... args) {
        Class<?> type = Kinds.type(kind);
        return (T) proxy(root.create(kind, args), type);
    }

    /**
     * @param type a registered interface
     * @param <T> the interface
     * @return a proxy for a new object made by its factory in the manager
     */
    public <T> T createRegistered(Class<T> type) {
        return proxy(root.create(Kinds.TYPE_PREFIX + type.getName(), new Object[0]), type);
    }

    /**
     * @param type an interface
     * @param factory makes its objects in the manager
     */
    public void register(Class<?> type, SerializableCallable<?> factory) {
        root.register(type.getName(), factory);
    }

    /**
     * @param proxy a proxy of this manager
     * @return whether the manager held its object and forgot it now
     */
    public boolean release(Object proxy) {
        Token token = ProxyHandler.tokenOf(proxy);
        if (token == null || !token.address().equals(address)) {
            throw new IllegalArgumentException(proxy + " is not a proxy of the manager at " + address);
        }
        return root.release(token.id());
    }

    /** @return how many objects the manager holds */
    public int objectCount() {
        return root.objectCount();
    }

    /** Asks the manager to stop, then closes this process's connections to it. */
    public void shutdown() {
        try {
            root.shutdown();
        } finally {
            ClientChannels.closeAll(address);
        }
    }

    /** Closes this process's connections to the manager. */
    public void disconnect() {
        ClientChannels.closeAll(address);
    }

    private <T> T proxy(long id, Class<T> type) {
        return ProxyHandler.proxy(Token.of(address, id, type, key), type);
    }
}
