package io.github.mp4j.transport;

import io.github.mp4j.connection.Address;
import io.github.mp4j.connection.ConnectionClosedException;
import io.github.mp4j.connection.ConnectionException;
import io.github.mp4j.connection.ConnectionOptions;
import io.github.mp4j.resource.RuntimeDirectory;
import io.github.mp4j.runtime.CurrentProcess;
import io.github.mp4j.runtime.ExitSequence;
import io.github.mp4j.serial.DecodeAllowList;
import io.github.mp4j.serial.ObjectCodec;
import io.github.mp4j.transport.internal.DecodingPeer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The server through which other processes reach the objects this process created and shares
 * (the role of CPython's {@code resource_sharer}). It listens on a Unix socket in the private
 * {@link RuntimeDirectory}, and on TCP addresses added by {@link #listen} for processes on other
 * machines (each with its own key and options, TLS included); every connection is authenticated
 * and then served on a thread of its own. What a TCP peer sends is decoded only for the classes of
 * the {@link io.github.mp4j.serial.DecodeAllowList} ({@link FramedChannel#decode}).
 *
 * <p>A handle names its owner by the text {@link #advertise} writes and {@link #reach} reads:
 * {@code unix:/path/to/file.sock}, followed by {@code |tcp:host:port} once the owner serves on TCP.
 * A handle that arrives over TCP reaches its owner over TCP, with the key (and TLS settings) of the
 * connection it came on.
 *
 * <p>The server knows no concept. A concept that shares objects registers a {@link Service}
 * under a service id of its own ({@link #registerService}, from the static initializer of the
 * class whose objects it serves), and registers each object it shares ({@link #register}) for as
 * long as other processes may reach it, unregistering it when that ends.
 *
 * <p>After the {@link Handshake}, the client sends one hello frame and the server answers it:
 * <pre>
 *  hello:  +---------+--------------------------+----------+
 *          | service | object id (int64, BE)    | argument |
 *          | 1 byte  | 8 bytes                  | 1 byte   |
 *          +---------+--------------------------+----------+
 *  answer: +---------+-------------------------------------+
 *          | status  | reason (UTF-8), only if status != 0 |
 *          +---------+-------------------------------------+
 * </pre>
 * From then on the frames belong to the service, which the concept that registered it describes.
 * Service ids in use: 1 and 2 (a queue's stream and requests, {@code queue.internal.QueueProtocol}),
 * 3 (a pipe end's attach, {@code connection.internal.PipeRendezvous}).
 */
public final class ObjectServer {

    /**
     * Made on first use: System.getLogger starts java.util.logging, which a worker must not pay for
     * (or start before its log relay) unless it logs.
     */
    private static final class Log {
        static final System.Logger LOG = System.getLogger(ObjectServer.class.getName());
    }
    /** The largest service id: it travels as one signed byte. */
    private static final int MAX_SERVICE_ID = Byte.MAX_VALUE;
    /** The services registered by the concepts, by id. */
    private static final Map<Integer, Registered<?>> SERVICES = new ConcurrentHashMap<>();

    private static final int HELLO_BYTES = 10;
    /** How long an endpoint waits to accept again after the operating system failed to (no descriptors left). */
    private static final long ACCEPT_RETRY_NANOS = 10_000_000;
    private static final byte STATUS_OK = 0;
    private static final byte STATUS_REFUSED = 1;

    /** The key and options (TLS) with which this process reaches objects served at a TCP address. */
    private static final Map<Address, DecodingPeer> REMOTE = new ConcurrentHashMap<>();
    /** Separates the addresses of one server in a handle's text form. */
    private static final String ADDRESS_SEPARATOR = "|";

    private final ServerSocketChannel server;
    private final Address address;
    private final Path socketFile;
    private final byte[] authKey;
    /** The TCP endpoints added by {@link #listen}, in the order they were added. */
    private final List<Endpoint> endpoints = new CopyOnWriteArrayList<>();
    private final Map<Long, Object> objects = new ConcurrentHashMap<>();
    private final AtomicLong nextId = new AtomicLong();
    private final AtomicInteger threadCount = new AtomicInteger();

    /** One listening socket: its address, the key its peers must know, and the limits of its connections. */
    private record Endpoint(ServerSocketChannel server, Address address, Address advertised, byte[] authKey,
            ConnectionOptions options) {
    }

    private ObjectServer(ServerSocketChannel server, Path socketFile, byte[] authKey) {
        this.server = server;
        this.socketFile = socketFile;
        this.address = Address.unix(socketFile);
        this.authKey = authKey.clone();
    }

    private static volatile ObjectServer local;

    /**
     * @return this process's server, started on first use with the family's auth key; it stops
     *     in the {@link ExitSequence.Step#CONNECTIONS} step of the exit sequence
     */
    public static ObjectServer local() {
        ObjectServer s = local;
        if (s == null) {
            synchronized (ObjectServer.class) {
                s = local;
                if (s == null) {
                    s = start(CurrentProcess.authKey());
                    ExitSequence.add(ExitSequence.Step.CONNECTIONS, s::close);
                    local = s;
                }
            }
        }
        return s;
    }

    /**
     * @param address a server address
     * @return whether it is this process's own server (without starting the server)
     */
    public static boolean isLocal(Address address) {
        ObjectServer s = local;
        return s != null && (s.address().equals(address) || s.endpoints.stream().anyMatch(e -> e.advertised().equals(address)
                || e.address().equals(address)));
    }

    /**
     * Starts the server of this process.
     *
     * @param authKey the family's auth key
     * @return the running server
     */
    public static ObjectServer start(byte[] authKey) {
        Path file = RuntimeDirectory.newFile("sock");
        try {
            ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            channel.bind(Address.unix(file).socketAddress(), 128);
            ObjectServer objectServer = new ObjectServer(channel, file, authKey);
            Thread acceptor = new Thread(objectServer::acceptLoop, "mp4j-object-server");
            acceptor.setDaemon(true);
            acceptor.start();
            return objectServer;
        } catch (IOException e) {
            throw new ConnectionException("cannot start this process's object server on " + file + ": " + e, e);
        }
    }

    /**
     * What a concept answers on the connections that ask for one of its services.
     *
     * @param <T> the type of the objects the service serves
     */
    @FunctionalInterface
    public interface Service<T> {

        /**
         * Serves one authenticated connection, on a thread of its own, after the hello was accepted.
         *
         * @param object the object the peer asked for
         * @param argument the hello's argument byte
         * @param channel the connection
         * @return {@code true} if the channel was handed to someone else and must stay open
         */
        boolean serve(T object, int argument, FramedChannel channel);

        /**
         * Checks a hello before it is acknowledged.
         *
         * @param object the object the peer asked for
         * @param argument the hello's argument byte
         * @return {@code null} to accept, or why the request is refused
         */
        default String refusal(T object, int argument) {
            return null;
        }
    }

    /** A service and the type of the objects it serves. */
    private record Registered<T>(String name, Class<T> type, Service<T> service) {

        String refusal(Object object, int argument) {
            return type.isInstance(object) ? service.refusal(type.cast(object), argument)
                    : "the object is not a " + name;
        }

        boolean serve(Object object, int argument, FramedChannel channel) {
            return service.serve(type.cast(object), argument, channel);
        }
    }

    /**
     * Registers the service a concept offers under an id of its own; the hello of a connection
     * names the id. Done once per id, by the class whose objects the service serves (registering
     * the same service again, as a reloaded class might, is a no-op).
     *
     * @param id the service id, 1 to 127; part of the wire format, so it never changes
     * @param name what the service serves, for refusals ("queue", "pipe")
     * @param type the type of the objects it serves: a hello naming an object of another type is refused
     * @param service the service
     * @param <T> the objects' type
     * @throws IllegalArgumentException if the id is out of range
     * @throws IllegalStateException if another service has the id
     */
    public static <T> void registerService(int id, String name, Class<T> type, Service<T> service) {
        if (id < 1 || id > MAX_SERVICE_ID) {
            throw new IllegalArgumentException("a service id must be 1 to " + MAX_SERVICE_ID + ", was " + id);
        }
        Registered<?> existing = SERVICES.putIfAbsent(id, new Registered<>(name, type, service));
        if (existing != null && existing.type() != type) {
            throw new IllegalStateException("service id " + id + " is taken by the " + existing.name()
                    + " service; the " + name + " service needs an id of its own");
        }
    }

    /** @return where other processes on this machine connect (the Unix socket) */
    public Address address() {
        return address;
    }

    /**
     * Serves this process's objects on a TCP address as well, to processes on other machines (or
     * in other network namespaces): a queue handle sent to such a process reaches its queue here.
     * Each peer must pass the {@link Handshake} with {@code authKey} before anything it sends is
     * read, and what it sends is decoded only for the classes of the
     * {@link io.github.mp4j.serial.DecodeAllowList}. Give it the key of the {@code Listener} or
     * {@code Client} connection through which the handles travel: a handle that arrives on a
     * connection reaches its owner with that connection's key. With TLS settings in
     * {@code options}, the connections are encrypted too.
     *
     * @param tcpAddress where to listen ({@code tcp:0.0.0.0:0} on every interface, a free port);
     *     handles name it, or this machine's address if it is the wildcard address
     * @param authKey the key peers must know; required, whatever the address
     * @param options limits (and TLS) for the connections
     * @return the address bound, with the real port
     * @throws IllegalArgumentException if the key is empty or the address is not TCP
     * @throws ConnectionException if the address cannot be bound
     */
    public Address listen(Address tcpAddress, byte[] authKey, ConnectionOptions options) {
        if (tcpAddress.family() == StandardProtocolFamily.UNIX) {
            throw new IllegalArgumentException("the object server already listens on a Unix socket; listen() adds a TCP"
                    + " address (tcp:host:port), not " + tcpAddress);
        }
        byte[] key = requireKey(authKey, tcpAddress);
        ServerSocketChannel channel = null;
        try {
            channel = ServerSocketChannel.open(StandardProtocolFamily.INET);
            channel.bind(tcpAddress.socketAddress(), 128);
            Address bound = Address.of(channel.getLocalAddress());
            Endpoint endpoint = new Endpoint(channel, bound, advertised(bound), key, options);
            endpoints.add(endpoint);
            Thread acceptor = new Thread(() -> acceptLoop(endpoint), "mp4j-object-server-" + bound);
            acceptor.setDaemon(true);
            acceptor.start();
            return bound;
        } catch (IOException e) {
            closeQuietly(channel);
            throw new ConnectionException("cannot serve objects on " + tcpAddress + ": " + e.getMessage(), e);
        }
    }

    /**
     * Stops serving on a TCP address added by {@link #listen}; connections already served stay open.
     *
     * @param tcpAddress the address {@code listen} returned
     * @return whether this server was listening there
     */
    public boolean stopListening(Address tcpAddress) {
        for (Endpoint endpoint : endpoints) {
            if (endpoint.address().equals(tcpAddress) || endpoint.advertised().equals(tcpAddress)) {
                endpoints.remove(endpoint);
                closeQuietly(endpoint.server());
                return true;
            }
        }
        return false;
    }

    /** @return the TCP addresses added by {@link #listen}, as handles name them */
    public List<Address> tcpAddresses() {
        return endpoints.stream().map(Endpoint::advertised).toList();
    }

    /**
     * The text form of an owner's addresses, for a handle to carry: its Unix socket, and the TCP
     * address it most recently started to serve on, if any ({@code unix:/path|tcp:host:port}).
     *
     * @param owner the address a handle names its owner by
     * @return the text {@link #reach} reads
     */
    public static String advertise(Address owner) {
        ObjectServer s = local;
        if (s != null && s.address.equals(owner) && !s.endpoints.isEmpty()) {
            List<Endpoint> tcp = s.endpoints;
            try {
                return owner + ADDRESS_SEPARATOR + tcp.get(tcp.size() - 1).advertised();
            } catch (IndexOutOfBoundsException stoppedMeanwhile) {
                return owner.toString();
            }
        }
        return owner.toString();
    }

    /**
     * Picks the address to reach an owner by, from the text {@link #advertise} wrote: in a message
     * that arrived over TCP its TCP address (remembering the connection's key for it), otherwise
     * its Unix socket.
     *
     * @param advertised the text form
     * @return the address to connect to
     */
    public static Address reach(String advertised) {
        String[] forms = advertised.split(java.util.regex.Pattern.quote(ADDRESS_SEPARATOR));
        DecodingPeer peer = DecodingPeer.current();
        if (peer.remote()) {
            for (String form : forms) {
                if (form.startsWith("tcp:")) {
                    Address tcp = Address.parse(form);
                    if (peer.authKey() != null) {
                        REMOTE.put(tcp, peer);
                    }
                    return tcp;
                }
            }
        }
        return Address.parse(forms[0]);
    }

    /**
     * Notes the key and options (TLS) with which this process reaches the objects served at a TCP
     * address, for handles that did not arrive on a connection authenticated with them.
     *
     * @param tcpAddress a server's TCP address
     * @param authKey its key
     * @param options its options
     */
    public static void useKey(Address tcpAddress, byte[] authKey, ConnectionOptions options) {
        REMOTE.put(tcpAddress, new DecodingPeer(true, requireKey(authKey, tcpAddress), options));
    }

    /**
     * The key this process reaches a TCP address with, as learnt from the connection a handle of
     * it came on ({@link #reach}) or from {@link #useKey}.
     *
     * @param tcpAddress a server's TCP address
     * @return its key, or {@code null} if none is known
     */
    public static byte[] knownKey(Address tcpAddress) {
        DecodingPeer peer = REMOTE.get(tcpAddress);
        return peer == null || peer.authKey() == null ? null : peer.authKey().clone();
    }

    /**
     * @param tcpAddress a server's TCP address
     * @return the options (TLS) this process reaches it with, as learnt with {@link #knownKey}'s
     *     key, or {@code null} if none are known
     */
    public static ConnectionOptions knownOptions(Address tcpAddress) {
        DecodingPeer peer = REMOTE.get(tcpAddress);
        return peer == null ? null : peer.options();
    }

    /**
     * Decodes an object that came from an owner's server, as if it arrived on a connection to it:
     * under the allow-list if the owner is across a trust boundary, and with its handles reaching
     * their owners as {@link #reach} says.
     *
     * @param owner the server the bytes came from
     * @param bytes one message
     * @return the object
     */
    public static Object decodeFrom(Address owner, byte[] bytes) {
        // a queue's small items are the common case: they need no peer, whose set-up would cost more than them
        Object simple = ObjectCodec.decodeIfSimple(bytes);
        if (simple != ObjectCodec.NOT_SIMPLE) {
            return simple;
        }
        boolean remote = owner.family() != StandardProtocolFamily.UNIX;
        DecodingPeer known = remote ? REMOTE.get(owner) : null;
        DecodingPeer previous = DecodingPeer.enter(known != null ? known : new DecodingPeer(remote, null, null));
        try {
            return ObjectCodec.decode(bytes, !remote && DecodeAllowList.trustsLocalPeers());
        } finally {
            DecodingPeer.restore(previous);
        }
    }

    private static Address advertised(Address bound) {
        InetSocketAddress inet = (InetSocketAddress) bound.socketAddress();
        if (!inet.getAddress().isAnyLocalAddress()) {
            return bound;
        }
        try {
            return Address.tcp(InetAddress.getLocalHost().getHostAddress(), inet.getPort());
        } catch (IOException e) {
            return bound;
        }
    }

    private static byte[] requireKey(byte[] authKey, Address address) {
        if (authKey == null || authKey.length == 0) {
            throw new IllegalArgumentException("an auth key is required to serve or reach objects on " + address
                    + ": give both ends the same secret bytes (at least 16 random bytes)");
        }
        return authKey.clone();
    }

    /**
     * Makes an object reachable by other processes, through the service its concept registered.
     * The registration keeps the object alive: its owner unregisters it when it is closed.
     *
     * @param object the object
     * @return its id
     */
    public long register(Object object) {
        long id = nextId.incrementAndGet();
        objects.put(id, object);
        return id;
    }

    /**
     * Makes an object unreachable by other processes again, and lets this server forget it: a
     * registration must not keep an object (and what it holds, such as connections) alive after
     * its use.
     *
     * @param id an id from {@link #register}
     */
    public void unregister(long id) {
        objects.remove(id);
    }

    /**
     * @param id an id from {@link #register}
     * @return the object, or {@code null}
     */
    public Object lookup(long id) {
        return objects.get(id);
    }

    /**
     * For mp4j's own tests and diagnostics, not an application's concern.
     *
     * @return how many objects are registered now: flat over time unless objects are kept open
     */
    public int registeredCount() {
        return objects.size();
    }

    /**
     * Opens an authenticated connection to a service of an object in another (or this) process.
     *
     * @param address the owner's server
     * @param authKey the family's auth key
     * @param service the service
     * @param objectId the object
     * @param argument the hello's argument byte
     * @return the channel, ready for the service's frames
     * @throws ConnectionClosedException if the owner is gone or refused the request
     */
    public static FramedChannel connect(Address address, byte[] authKey, int service, long objectId, int argument) {
        SocketChannel socket;
        try {
            socket = FramedChannel.openSocket(address);
        } catch (ConnectionException e) {
            throw new ConnectionClosedException("the process that owns this object is gone (" + address
                    + " does not answer); objects live as long as the process that created them", e);
        }
        FramedChannel channel = new FramedChannel(socket, ConnectionOptions.DEFAULT_MAX_FRAME_BYTES);
        DecodingPeer remote = REMOTE.get(address);
        try {
            if (remote == null) {
                Handshake.asClient(channel, authKey, ConnectionOptions.DEFAULT);
            } else {
                Handshake.asClient(channel, remote.authKey(), remote.options().withMaxFrameBytes(
                        ConnectionOptions.DEFAULT_MAX_FRAME_BYTES));
            }
            ByteBuffer hello = ByteBuffer.allocate(HELLO_BYTES);
            hello.put((byte) service).putLong(objectId).put((byte) argument).flip();
            channel.write(hello);
            byte[] answer = channel.read();
            if (answer.length == 0 || answer[0] != STATUS_OK) {
                String reason = new String(answer, 1, Math.max(0, answer.length - 1), StandardCharsets.UTF_8);
                throw new ConnectionClosedException("refused by the owning process: " + reason);
            }
            return channel;
        } catch (RuntimeException e) {
            channel.close("the connection to the owning process failed");
            throw e;
        }
    }

    /** Stops accepting, on every address, and deletes the socket file. Connections already served stay open. */
    public void close() {
        for (Endpoint endpoint : endpoints) {
            closeQuietly(endpoint.server());
        }
        try {
            server.close();
            Files.deleteIfExists(socketFile);
        } catch (IOException e) {
            // the runtime directory's cleanup of dead processes' files covers what is left
        }
    }

    private void acceptLoop() {
        acceptLoop(new Endpoint(server, address, address, authKey, ConnectionOptions.DEFAULT));
    }

    private void acceptLoop(Endpoint endpoint) {
        while (endpoint.server().isOpen()) {
            SocketChannel socket;
            try {
                socket = endpoint.server().accept();
            } catch (IOException e) {
                if (!endpoint.server().isOpen()) {
                    return;
                }
                // out of descriptors, say: the next accept may succeed once some are released
                Log.LOG.log(System.Logger.Level.WARNING, "cannot accept on " + endpoint.address() + ": " + e.getMessage());
                java.util.concurrent.locks.LockSupport.parkNanos(ACCEPT_RETRY_NANOS);
                continue;
            }
            Thread thread = new Thread(() -> serve(socket, endpoint), "mp4j-object-server-" + threadCount.incrementAndGet());
            thread.setDaemon(true);
            thread.start();
        }
    }

    private void serve(SocketChannel socket, Endpoint endpoint) {
        FramedChannel channel;
        try {
            channel = new FramedChannel(socket, ConnectionOptions.DEFAULT_MAX_FRAME_BYTES);
        } catch (ConnectionException e) {
            closeQuietly(socket);
            return;
        }
        boolean handedOff = false;
        try {
            Handshake.asListener(channel, endpoint.authKey(), endpoint.options());
            byte[] hello = channel.read();
            if (hello.length != HELLO_BYTES) {
                refuse(channel, "malformed hello of " + hello.length + " bytes");
                return;
            }
            ByteBuffer fields = ByteBuffer.wrap(hello);
            int service = fields.get();
            long id = fields.getLong();
            int argument = fields.get();
            Object object = objects.get(id);
            Registered<?> handler = SERVICES.get(service);
            String refusal = refusal(object, id, handler, service, argument);
            if (refusal != null) {
                refuse(channel, refusal);
                return;
            }
            channel.write(ByteBuffer.wrap(new byte[] {STATUS_OK}));
            handedOff = handler.serve(object, argument, channel);
        } catch (ConnectionException e) {
            // a peer that fails authentication or goes away harms only its own connection
        } finally {
            if (!handedOff) {
                channel.close("the object server closed this connection");
            }
        }
    }

    private static void closeQuietly(java.nio.channels.Channel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // nothing left to release
            }
        }
    }

    private static String refusal(Object object, long id, Registered<?> handler, int service, int argument) {
        if (object == null) {
            return "no object " + id + " in process " + ProcessHandle.current().pid()
                    + " (it was never created here, or was closed)";
        }
        if (handler == null) {
            return "no service " + service + " in process " + ProcessHandle.current().pid();
        }
        return handler.refusal(object, argument);
    }

    private static void refuse(FramedChannel channel, String reason) {
        byte[] text = reason.getBytes(StandardCharsets.UTF_8);
        ByteBuffer answer = ByteBuffer.allocate(1 + text.length).put(STATUS_REFUSED).put(text).flip();
        channel.write(answer);
    }
}
