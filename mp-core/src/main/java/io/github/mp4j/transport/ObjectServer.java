package io.github.mp4j.transport;

import io.github.mp4j.connection.Address;
import io.github.mp4j.connection.ConnectionClosedException;
import io.github.mp4j.connection.ConnectionException;
import io.github.mp4j.connection.ConnectionOptions;
import io.github.mp4j.resource.RuntimeDirectory;
import io.github.mp4j.runtime.CurrentProcess;
import io.github.mp4j.runtime.ExitSequence;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The server through which other processes reach the objects this process created and shares
 * (the role of CPython's {@code resource_sharer}). It listens on a Unix socket in the private
 * {@link RuntimeDirectory}; every connection is authenticated with the family's auth key and
 * then served on a thread of its own.
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

    /** The largest service id: it travels as one signed byte. */
    private static final int MAX_SERVICE_ID = Byte.MAX_VALUE;
    /** The services registered by the concepts, by id. */
    private static final Map<Integer, Registered<?>> SERVICES = new ConcurrentHashMap<>();

    private static final int HELLO_BYTES = 10;
    private static final byte STATUS_OK = 0;
    private static final byte STATUS_REFUSED = 1;

    private final ServerSocketChannel server;
    private final Address address;
    private final Path socketFile;
    private final byte[] authKey;
    private final Map<Long, Object> objects = new ConcurrentHashMap<>();
    private final AtomicLong nextId = new AtomicLong();
    private final AtomicInteger threadCount = new AtomicInteger();

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
        return s != null && s.address().equals(address);
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

    /** @return where other processes connect */
    public Address address() {
        return address;
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
        try {
            Handshake.asClient(channel, authKey, ConnectionOptions.DEFAULT);
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

    /** Stops accepting and deletes the socket file. Connections already served stay open. */
    public void close() {
        try {
            server.close();
            Files.deleteIfExists(socketFile);
        } catch (IOException e) {
            // the runtime directory's cleanup of dead processes' files covers what is left
        }
    }

    private void acceptLoop() {
        while (server.isOpen()) {
            SocketChannel socket;
            try {
                socket = server.accept();
            } catch (IOException e) {
                return;
            }
            Thread thread = new Thread(() -> serve(socket), "mp4j-object-server-" + threadCount.incrementAndGet());
            thread.setDaemon(true);
            thread.start();
        }
    }

    private void serve(SocketChannel socket) {
        FramedChannel channel = new FramedChannel(socket, ConnectionOptions.DEFAULT_MAX_FRAME_BYTES);
        boolean handedOff = false;
        try {
            Handshake.asListener(channel, authKey, ConnectionOptions.DEFAULT);
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
