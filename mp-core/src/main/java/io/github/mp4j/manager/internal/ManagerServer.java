package io.github.mp4j.manager.internal;

import io.github.mp4j.connection.Address;
import io.github.mp4j.connection.ConnectionException;
import io.github.mp4j.connection.ConnectionOptions;
import io.github.mp4j.resource.RuntimeDirectory;
import io.github.mp4j.serial.ObjectCodec;
import io.github.mp4j.transport.FramedChannel;
import io.github.mp4j.transport.Handshake;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A manager's server: it listens on an {@link Address} (a Unix socket in the private runtime
 * directory unless told otherwise), authenticates every connection with the {@link Handshake},
 * and serves each connection's calls on a thread of its own, in order ({@link ManagerProtocol}).
 * The objects it holds are registered here by id with their interface's {@link MethodTable}.
 */
public final class ManagerServer implements AutoCloseable {

    /** Made on first use: System.getLogger starts java.util.logging, which a child JVM pays for only if it logs. */
    private static final class Log {
        static final System.Logger LOG = System.getLogger(ManagerServer.class.getName());
    }

    /** An object and how it is served. */
    private record Served(Object target, MethodTable table, boolean exclusive) {
    }

    private final ServerSocketChannel server;
    private final Address address;
    private final Path socketFile;
    private final byte[] key;
    private final ConnectionOptions options;
    private final Map<Long, Served> objects = new ConcurrentHashMap<>();
    private final Map<String, io.github.mp4j.function.SerializableCallable<?>> factories = new ConcurrentHashMap<>();
    private final Set<FramedChannel> channels = ConcurrentHashMap.newKeySet();
    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
    private final AtomicLong nextId = new AtomicLong();
    private final AtomicInteger threadCount = new AtomicInteger();
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile boolean shutdownRequested;

    private ManagerServer(ServerSocketChannel server, Address address, Path socketFile, byte[] key,
                          ConnectionOptions options) {
        this.server = server;
        this.address = address;
        this.socketFile = socketFile;
        this.key = key.clone();
        this.options = options;
        objects.put(ManagerProtocol.ROOT_ID, new Served(new Root(), MethodTable.of(ManagerRoot.class), false));
    }

    /**
     * Starts a server.
     *
     * @param address where to listen, or {@code null} for a new Unix socket in the runtime directory
     * @param key the auth key clients must prove they know
     * @param options the handshake timeout and the largest frame
     * @return the running server
     * @throws ConnectionException if it cannot listen there
     */
    public static ManagerServer start(Address address, byte[] key, ConnectionOptions options) {
        return start(address, null, key, options);
    }

    /**
     * Starts a server whose proxies carry an address of their own choosing.
     *
     * @param address where to listen, or {@code null} for a new Unix socket in the runtime directory
     * @param advertised the TCP address proxies carry (port 0: the bound port), or {@code null} for
     *     the bound address, or for a wildcard one this machine's first non-loopback address
     * @param key the auth key clients must prove they know
     * @param options the handshake timeout, the largest frame and TLS
     * @return the running server
     * @throws ConnectionException if it cannot listen there
     */
    public static ManagerServer start(Address address, Address advertised, byte[] key, ConnectionOptions options) {
        Address where = address != null ? address : Address.unix(RuntimeDirectory.newFile("manager.sock"));
        try {
            ServerSocketChannel channel = ServerSocketChannel.open(where.family());
            channel.bind(where.socketAddress(), 128);
            Address bound = Advertised.of(Address.of(channel.getLocalAddress()), advertised);
            Path file = channel.getLocalAddress() instanceof UnixDomainSocketAddress unix ? unix.getPath() : null;
            ManagerServer manager = new ManagerServer(channel, bound, file, key, options);
            Thread acceptor = new Thread(manager::acceptLoop, "mp4j-manager");
            acceptor.setDaemon(true);
            acceptor.start();
            return manager;
        } catch (IOException e) {
            throw new ConnectionException("cannot start a manager on " + where + ": " + e.getMessage(), e);
        }
    }

    /** @return where clients connect: the address its proxies carry */
    public Address address() {
        return address;
    }

    /** Waits until the server is closed (by {@link #close()} or a client's shutdown call). */
    public void awaitClosed() {
        try {
            closed.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new io.github.mp4j.MpInterruptedException("the manager's shutdown", e);
        }
    }

    /** Stops accepting, closes every connection (their calls fail) and forgets every object. */
    @Override
    public void close() {
        try {
            server.close();
            if (socketFile != null) {
                Files.deleteIfExists(socketFile);
            }
        } catch (IOException e) {
            Log.LOG.log(System.Logger.Level.DEBUG, "closing the manager's socket failed", e);
        }
        for (FramedChannel channel : channels) {
            channel.close("the manager was shut down");
        }
        for (Thread thread : threads) {
            thread.interrupt();
        }
        objects.keySet().removeIf(id -> id != ManagerProtocol.ROOT_ID);
        closed.countDown();
    }

    private long register(Object target, Class<?> type, boolean exclusive) {
        long id = nextId.incrementAndGet();
        objects.put(id, new Served(target, MethodTable.of(type), exclusive));
        return id;
    }

    private <T> T proxy(long id, Class<T> type) {
        return ProxyHandler.proxy(Token.of(address.toString(), id, type, key), type);
    }

    private void acceptLoop() {
        while (server.isOpen()) {
            SocketChannel socket;
            try {
                socket = server.accept();
            } catch (IOException e) {
                return;
            }
            Thread thread = new Thread(() -> serve(socket), "mp4j-manager-" + threadCount.incrementAndGet());
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
    }

    private void serve(SocketChannel socket) {
        FramedChannel channel = new FramedChannel(socket, options.maxFrameBytes());
        channels.add(channel);
        if (!server.isOpen()) {
            // accepted just before close() and added after it closed the others: it must not serve a manager that forgot its objects
            channel.close("the manager was shut down");
        }
        Session session = null;
        try {
            Handshake.asListener(channel, key, options);
            byte[] hello = channel.read();
            if (hello.length != ManagerProtocol.HELLO_BYTES) {
                return;
            }
            session = new Session(ByteBuffer.wrap(hello).getLong());
            session.enter();
            boolean trusted = channel.peerTrusted();
            CallWatch watch = CallWatch.of(Thread.currentThread(), channel);
            try {
                while (!channel.isClosed()) {
                    answer(channel, channel.read(), trusted, watch);
                    if (shutdownRequested) {
                        close();
                    }
                }
            } finally {
                watch.close();
            }
        } catch (ConnectionException | io.github.mp4j.MpInterruptedException e) {
            // the client went away, failed to authenticate, or the manager is closing: only this connection ends
        } finally {
            if (session != null) {
                session.end();
            }
            channel.close("the manager closed this connection");
            channels.remove(channel);
            threads.remove(Thread.currentThread());
        }
    }

    private void answer(FramedChannel channel, byte[] request, boolean trusted, CallWatch watch) {
        ByteBuffer fields = ByteBuffer.wrap(request);
        long id = fields.getLong();
        short number = fields.getShort();
        Served served = objects.get(id);
        Method method = null;
        Object result;
        boolean ok = false;
        try {
            if (served == null) {
                throw new IllegalStateException("the manager at " + address + " has no object #" + id
                        + ": it was released, or this proxy belongs to a manager that was restarted");
            }
            Object[] args = request.length > ManagerProtocol.REQUEST_HEADER_BYTES
                    ? ((List<?>) decode(channel, request, ManagerProtocol.REQUEST_HEADER_BYTES, trusted)).toArray() : null;
            if (number == ManagerProtocol.SNAPSHOT) {
                result = snapshot(served.target());
            } else {
                method = served.table().method(number);
                if (method == null) {
                    throw new IllegalStateException("no method #" + number + " on " + served.table().type().getName()
                            + " in the manager: do the client and the manager run the same class path?");
                }
                watch.begin();
                try {
                    result = invoke(served, method, args);
                } finally {
                    watch.end();
                }
            }
            ok = true;
        } catch (Throwable thrown) {
            result = thrown;
        }
        if (watch.peerGone()) {
            // on TCP the reply could still be written, into the buffer of a connection no one reads
            replyLost(ok, result, served, method);
            throw new io.github.mp4j.connection.ConnectionClosedException("the client closed its connection during a call");
        }
        reply(channel, ok, result, served, method);
    }

    /**
     * Decodes what follows a frame's header: as it is from a trusted peer (a local one, by
     * default), else through the channel, which holds it to the allow-list and notes the peer for
     * the handles in it. A refused class fails only this call.
     *
     * @param channel the channel the frame came on
     * @param frame the frame
     * @param offset where the object starts
     * @param trusted {@link FramedChannel#peerTrusted()}
     * @return the object
     */
    static Object decode(FramedChannel channel, byte[] frame, int offset, boolean trusted) {
        if (trusted) {
            return ObjectCodec.decode(frame, offset, frame.length - offset);
        }
        return channel.decode(java.util.Arrays.copyOfRange(frame, offset, frame.length));
    }

    private static Object invoke(Served served, Method method, Object[] args) throws Throwable {
        try {
            if (served.exclusive()) {
                synchronized (served.target()) {
                    return method.invoke(served.target(), args);
                }
            }
            return method.invoke(served.target(), args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static Object snapshot(Object target) {
        synchronized (target) {
            if (target instanceof Map<?, ?> map) {
                return new java.util.LinkedHashMap<>(map);
            }
            return new java.util.ArrayList<>((java.util.Collection<?>) target);
        }
    }

    private void reply(FramedChannel channel, boolean ok, Object result, Served served, Method method) {
        ByteBuffer payload;
        byte status = ok ? ManagerProtocol.OK : ManagerProtocol.THROWN;
        try {
            payload = ObjectCodec.encodeToBuffer(result);
        } catch (RuntimeException e) {
            status = ManagerProtocol.THROWN;
            payload = ObjectCodec.encodeToBuffer(e);
        }
        try {
            channel.writeParts(ByteBuffer.wrap(new byte[] {status}), payload);
        } catch (ConnectionException e) {
            replyLost(ok, result, served, method);
            throw e;
        }
    }

    private static void replyLost(boolean ok, Object result, Served served, Method method) {
        if (ok && method != null && served.target() instanceof ReplyLossAware undo) {
            undo.replyLost(method.getName(), result);
        }
    }

    /** The manager's own object. */
    private final class Root implements ManagerRoot {

        @Override
        public long create(String kind, Object[] args) {
            if (kind.startsWith(Kinds.TYPE_PREFIX)) {
                return createRegistered(kind.substring(Kinds.TYPE_PREFIX.length()));
            }
            return Kinds.create(kind, args, new Kinds.Registrar() {
                @Override
                public long register(Object target, Class<?> type, boolean exclusive) {
                    return ManagerServer.this.register(target, type, exclusive);
                }

                @Override
                public <T> T proxy(long id, Class<T> type) {
                    return ManagerServer.this.proxy(id, type);
                }

                @Override
                public Object local(Object proxy) {
                    Token token = ProxyHandler.tokenOf(proxy);
                    Served served = token == null ? null : objects.get(token.id());
                    if (served == null || !token.address().equals(address.toString())) {
                        throw new IllegalArgumentException(proxy + " is not an object of this manager");
                    }
                    return served.target();
                }
            });
        }

        private long createRegistered(String type) {
            io.github.mp4j.function.SerializableCallable<?> factory = factories.get(type);
            if (factory == null) {
                throw new IllegalArgumentException("no type " + type + " is registered with this manager; call"
                        + " manager.register(" + type.substring(type.lastIndexOf('.') + 1) + ".class, factory) first");
            }
            Object target;
            try {
                target = factory.call();
            } catch (Exception e) {
                throw new IllegalStateException("the factory registered for " + type + " failed: " + e, e);
            }
            Class<?> iface;
            try {
                iface = Class.forName(type, false, ManagerServer.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalArgumentException("the manager has no interface " + type + " on its class path", e);
            }
            if (!iface.isInstance(target)) {
                throw new IllegalStateException("the factory registered for " + type + " made a "
                        + (target == null ? "null" : target.getClass().getName()) + ", which does not implement it");
            }
            return ManagerServer.this.register(target, iface, false);
        }

        @Override
        public void register(String type, io.github.mp4j.function.SerializableCallable<?> factory) {
            factories.put(type, factory);
            allowInterface(type);
        }

        /** Proxies of a registered interface travel to and from TCP clients; a class is never allowed this way. */
        private void allowInterface(String type) {
            try {
                Class<?> iface = Class.forName(type, false, ManagerServer.class.getClassLoader());
                if (iface.isInterface()) {
                    io.github.mp4j.serial.DecodeAllowList.allow(iface);
                }
            } catch (ClassNotFoundException e) {
                // create(type) says so to the caller
            }
        }

        @Override
        public boolean release(long id) {
            return id != ManagerProtocol.ROOT_ID && objects.remove(id) != null;
        }

        @Override
        public int objectCount() {
            return objects.size() - 1;
        }

        @Override
        public void shutdown() {
            shutdownRequested = true;
        }
    }
}
