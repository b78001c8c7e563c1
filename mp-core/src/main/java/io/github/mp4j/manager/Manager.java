package io.github.mp4j.manager;

import io.github.mp4j.connection.Address;
import io.github.mp4j.connection.Connection;
import io.github.mp4j.connection.ConnectionException;
import io.github.mp4j.connection.ConnectionOptions;
import io.github.mp4j.connection.Pipe;
import io.github.mp4j.connection.TlsSettings;
import io.github.mp4j.function.SerializableCallable;
import io.github.mp4j.manager.internal.ManagerClient;
import io.github.mp4j.manager.internal.ManagerMain;
import io.github.mp4j.manager.internal.ManagerServer;
import io.github.mp4j.manager.internal.ProxyHandler;
import io.github.mp4j.process.ChildProcess;
import io.github.mp4j.process.ProcessStartException;
import io.github.mp4j.runtime.CurrentProcess;
import io.github.mp4j.runtime.ExitSequence;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A server holding shared objects that any process reaching it uses through proxies (Python's
 * {@code multiprocessing.Manager()} and {@code BaseManager}). It runs in a child JVM of its own by
 * default, or on threads of this JVM ({@link ManagerOptions.Builder#inProcess}); either way it never
 * outlives this process.
 *
 * <pre>{@code
 * try (Manager manager = Manager.start()) {
 *     ManagedMap<String, Integer> counts = manager.map();
 *     try (ProcessPool pool = Mp.pool(4)) {
 *         pool.map(word -> counts.merge(word, 1, Integer::sum), List.of("a", "b", "a"));
 *     }
 *     System.out.println(counts);          // {a=2, b=1} or {b=1, a=2}: keys keep the order they arrived in
 * }
 * }</pre>
 *
 * <p>Every object lives in the manager; what its methods return is a <b>proxy</b>, which travels
 * as the manager's address and the object's id and interface (a manager's own key, if it has one,
 * only in the targets of child processes: see {@link ManagerOptions.Builder#authKey}): pass it to
 * a child process or a pool task, put it in a queue, or store it in another shared object (a list
 * stored in a map stays shared). Each call on a proxy is one request
 * and one reply, made by the calling thread on its own connection to the manager; the manager
 * serves each connection on a thread of its own. Objects live until the manager is shut down or
 * {@link #release(Object)} is called.
 *
 * <p><b>Faults.</b> When the manager process dies or is shut down, every call on its proxies fails
 * promptly with a {@link ManagerDiedException}, in flight or later; start a new manager. A call
 * that fails in the manager (a bad argument, an exception in the object) throws that exception in
 * the caller, and the manager goes on serving.
 */
public final class Manager implements AutoCloseable {

    private static final AtomicInteger COUNT = new AtomicInteger();
    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(5);

    private final ManagerClient client;
    private final Address address;
    private final ChildProcess child;
    private final ManagerServer server;
    private final Runnable removeAtExit;
    private final long pid;
    private volatile boolean shutDown;

    private Manager(Address address, byte[] key, ConnectionOptions options, ChildProcess child, ManagerServer server) {
        this.address = address;
        this.client = new ManagerClient(address, key, options);
        this.child = child;
        this.server = server;
        this.pid = child != null ? child.pid() : server != null ? ProcessHandle.current().pid() : -1;
        this.removeAtExit = server != null || child != null ? ExitSequence.add(ExitSequence.Step.OWNERS, this::shutdown)
                : () -> { };
    }

    /**
     * Starts a manager in a child JVM, on a private Unix socket, with the family's auth key.
     *
     * @return the running manager
     * @throws ProcessStartException if its JVM cannot start or does not start listening in time
     */
    public static Manager start() {
        return start(ManagerOptions.DEFAULT);
    }

    /**
     * Starts a manager.
     *
     * @param options where it runs and listens, and with which key
     * @return the running manager
     * @throws ProcessStartException if its JVM cannot start or does not start listening in time
     * @throws ConnectionException if it cannot listen on the address
     */
    public static Manager start(ManagerOptions options) {
        Objects.requireNonNull(options, "options");
        byte[] key = options.authKey() != null ? options.authKey() : CurrentProcess.authKey();
        if (options.inProcess()) {
            ManagerServer server = ManagerServer.start(options.address(), options.advertisedAddress(), key,
                    options.connectionOptions());
            return new Manager(server.address(), key, options.connectionOptions(), null, server);
        }
        String name = "Manager-" + COUNT.incrementAndGet();
        ConnectionOptions connection = options.connectionOptions();
        ManagerMain.Spec spec = new ManagerMain.Spec(options.address() == null ? null : options.address().toString(),
                options.advertisedAddress() == null ? null : options.advertisedAddress().toString(), options.authKey(),
                connection.withTls(null), connection.tls() == null ? null : tlsProperties());
        try (Pipe pipe = Pipe.open(false)) {
            ChildProcess child = ChildProcess.builder(ManagerMain::serve, spec, pipe.right())
                    .name(name).daemon(true).jvmOptions(options.jvmOptions()).build();
            child.start();
            Address address = awaitAddress(pipe.left(), child, options.startTimeout());
            return new Manager(address, key, connection, child, null);
        }
    }

    /**
     * A {@code TlsSettings} holds a live {@code SSLContext}, which cannot cross to another JVM: a
     * child manager builds its own from this JVM's {@code mp4j.tls.*} properties, sent in its
     * target (never on its command line, since they hold passwords).
     */
    private static Map<String, String> tlsProperties() {
        Map<String, String> properties = new HashMap<>();
        for (String name : List.of(TlsSettings.KEY_STORE, TlsSettings.KEY_STORE_PASSWORD, TlsSettings.TRUST_STORE,
                TlsSettings.TRUST_STORE_PASSWORD)) {
            String value = System.getProperty(name);
            if (value != null) {
                properties.put(name, value);
            }
        }
        if (!properties.containsKey(TlsSettings.KEY_STORE)) {
            throw new IllegalArgumentException("a manager in its own JVM serves TLS with the key store named by this"
                    + " JVM's -D" + TlsSettings.KEY_STORE + " (and " + TlsSettings.KEY_STORE_PASSWORD + "), since the"
                    + " TlsSettings object cannot cross to another JVM: set them, or start it with"
                    + " ManagerOptions.builder().inProcess(true) to use the TlsSettings as they are");
        }
        return properties;
    }

    /**
     * Connects to a manager another process started (CPython's {@code BaseManager.connect()}):
     * closing the result does not stop that manager; {@link #shutdown()} does.
     *
     * @param address the manager's address
     * @param authKey its auth key
     * @return a handle on it (this method does not contact it: the first call does)
     */
    public static Manager connect(Address address, byte[] authKey) {
        return connect(address, authKey, ConnectionOptions.DEFAULT);
    }

    /**
     * Connects to a manager another process started, with connection options: TLS
     * ({@link ConnectionOptions#withTls}, with a trust store that holds the manager's certificate
     * or its issuer) for a manager that serves TLS. Every connection this process opens to that
     * address uses them, proxies of it received later included.
     *
     * @param address the manager's address
     * @param authKey its auth key
     * @param options TLS and frame limit
     * @return a handle on it (this method does not contact it: the first call does)
     */
    public static Manager connect(Address address, byte[] authKey, ConnectionOptions options) {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(authKey, "authKey");
        Objects.requireNonNull(options, "options");
        return new Manager(address, authKey.clone(), options, null, null);
    }

    private static Address awaitAddress(Connection ready, ChildProcess child, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (!ready.poll(Duration.ofMillis(20))) {
                if (!child.isAlive()) {
                    throw new ProcessStartException(child.name() + " exited with code " + child.exitCode()
                            + " before it listened; its output above says why", null);
                }
                if (System.nanoTime() - deadline > 0) {
                    child.kill();
                    throw new ProcessStartException(child.name() + " did not start listening within " + timeout
                            + "; raise ManagerOptions.startTimeout on a slow machine", null);
                }
            }
            return Address.parse(ready.recv());
        } catch (ConnectionException e) {
            child.kill();
            throw new ProcessStartException(child.name() + " ended before it listened: " + e.getMessage(), e);
        }
    }

    /** @return where the manager listens: give it, with the key, to {@link #connect} in another JVM */
    public Address address() {
        return address;
    }

    /** @return the manager's process id: its child JVM's, this JVM's if in process, -1 if {@link #connect}ed */
    public long pid() {
        return pid;
    }

    /**
     * @param <K> the key type
     * @param <V> the value type
     * @return a new, empty shared map (Python's {@code manager.dict()})
     */
    public <K, V> ManagedMap<K, V> map() {
        return client.create("map");
    }

    /**
     * @param <K> the key type
     * @param <V> the value type
     * @param initial what the map holds first, sent in one round trip
     * @return a new shared map
     */
    public <K, V> ManagedMap<K, V> map(java.util.Map<? extends K, ? extends V> initial) {
        ManagedMap<K, V> map = map();
        map.putAll(initial);
        return map;
    }

    /**
     * @param <E> the element type
     * @return a new, empty shared list (Python's {@code manager.list()})
     */
    public <E> ManagedList<E> list() {
        return client.create("list");
    }

    /**
     * @param <E> the element type
     * @param initial what the list holds first, sent in one round trip
     * @return a new shared list
     */
    public <E> ManagedList<E> list(java.util.Collection<? extends E> initial) {
        ManagedList<E> list = list();
        list.addAll(initial);
        return list;
    }

    /** @return a new, empty namespace (Python's {@code manager.Namespace()}) */
    public ManagedNamespace namespace() {
        return client.create("namespace");
    }

    /**
     * @param <E> the element type
     * @return a new unbounded queue (Python's {@code manager.Queue()})
     */
    public <E> ManagedQueue<E> queue() {
        return queue(Integer.MAX_VALUE);
    }

    /**
     * @param <E> the element type
     * @param capacity the most elements it holds; {@code put} waits while it is full
     * @return a new bounded queue
     */
    public <E> ManagedQueue<E> queue(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1, was " + capacity);
        }
        return client.create("queue", capacity);
    }

    /** @return a new lock, not recursive (Python's {@code manager.Lock()}) */
    public ManagedLock lock() {
        return client.create("lock");
    }

    /** @return a new recursive lock (Python's {@code manager.RLock()}) */
    public ManagedLock rlock() {
        return client.create("rlock");
    }

    /**
     * @param permits the initial permits, at least 0
     * @return a new semaphore (Python's {@code manager.Semaphore(n)})
     */
    public ManagedSemaphore semaphore(int permits) {
        requirePermits(permits);
        return client.create("semaphore", permits);
    }

    /**
     * @param permits the initial and largest number of permits, at least 0
     * @return a new bounded semaphore (Python's {@code manager.BoundedSemaphore(n)})
     */
    public ManagedSemaphore boundedSemaphore(int permits) {
        requirePermits(permits);
        return client.create("boundedSemaphore", permits);
    }

    /** @return a new condition over a new recursive lock of this manager (Python's {@code manager.Condition()}) */
    public ManagedCondition condition() {
        return client.create("condition", (Object) null);
    }

    /**
     * @param lock a lock of this manager
     * @return a new condition over it
     * @throws IllegalArgumentException if the lock belongs to another manager
     */
    public ManagedCondition condition(ManagedLock lock) {
        Objects.requireNonNull(lock, "lock");
        return client.create("condition", lock);
    }

    /** @return a new event, clear (Python's {@code manager.Event()}) */
    public ManagedEvent event() {
        return client.create("event");
    }

    /**
     * @param parties how many parties each round needs, at least 1
     * @return a new barrier (Python's {@code manager.Barrier(n)})
     */
    public ManagedBarrier barrier(int parties) {
        if (parties < 1) {
            throw new IllegalArgumentException("parties must be >= 1, was " + parties);
        }
        return client.create("barrier", parties);
    }

    /**
     * @param <T> the value's type
     * @param initial the first value, any serializable object or {@code null}
     * @return a new value (Python's {@code manager.Value(typecode, value)})
     */
    public <T> ManagedValue<T> value(T initial) {
        return client.create("value", initial);
    }

    /**
     * @param <T> the element type
     * @param initial the elements; the array keeps their number
     * @return a new array (Python's {@code manager.Array(typecode, sequence)})
     */
    public <T> ManagedArray<T> array(List<? extends T> initial) {
        return client.create("array", new ArrayList<>(initial));
    }

    /**
     * Registers a type of your own (CPython's {@code BaseManager.register(typeid, callable)}): its
     * proxies expose exactly the interface's methods, each a round trip to the manager, except its
     * default methods, which run in the calling process on top of the others. The manager serves
     * calls from many clients at once, so the object must be thread-safe. The factory runs in the
     * manager, which must have the interface and the factory's classes on its class path (a child
     * manager has this process's). The interface is added to this process's
     * {@link io.github.mp4j.serial.DecodeAllowList}, and to the manager's, so its proxies travel
     * over TCP; a manager on TCP decodes the factory only if its class is on the manager's
     * allow-list (a lambda: the class that defines it).
     *
     * @param type the interface the proxies implement
     * @param factory makes a new object, in the manager
     * @param <T> the interface
     * @throws IllegalArgumentException if {@code type} is not an interface
     */
    public <T> void register(Class<T> type, SerializableCallable<? extends T> factory) {
        Objects.requireNonNull(factory, "factory");
        if (!Objects.requireNonNull(type, "type").isInterface()) {
            throw new IllegalArgumentException(type.getName() + " is not an interface: a proxy can only implement"
                    + " an interface; register the interface your class implements");
        }
        // its proxies come back in replies: an interface cannot be instantiated, so allowing it is safe
        io.github.mp4j.serial.DecodeAllowList.allow(type);
        client.register(type, factory);
    }

    /**
     * @param type a type registered with {@link #register}
     * @param <T> the interface
     * @return a proxy for a new object made by its factory in the manager
     * @throws IllegalArgumentException if no factory is registered for it
     */
    public <T> T create(Class<T> type) {
        return client.createRegistered(type);
    }

    /**
     * Makes the manager forget an object: it is garbage once no call on it runs, and every proxy of
     * it fails from now on.
     *
     * @param proxy a proxy of this manager's
     * @return whether the manager still held the object
     */
    public boolean release(Object proxy) {
        return client.release(proxy);
    }

    /** @return how many objects the manager holds */
    public int objectCount() {
        return client.objectCount();
    }

    /**
     * @param candidate any object
     * @return whether it is a proxy of some manager's object
     */
    public static boolean isProxy(Object candidate) {
        return ProxyHandler.isProxy(candidate);
    }

    /**
     * Stops the manager: its objects are gone and every call on their proxies fails with
     * {@link ManagerDiedException}. Waits for a child manager to exit (killing it after 5 seconds).
     * Does nothing the second time; on a manager from {@link #connect}, stops that remote manager.
     */
    public void shutdown() {
        if (shutDown) {
            return;
        }
        shutDown = true;
        removeAtExit.run();
        if (server != null) {
            server.close();
            client.disconnect();
            return;
        }
        try {
            client.shutdown();
        } catch (ManagerDiedException e) {
            // already gone: nothing to stop
        }
        if (child != null) {
            if (!child.join(SHUTDOWN_GRACE)) {
                child.kill();
                child.join();
            }
            child.close();
        }
    }

    /** Stops the manager if this process started it ({@link #shutdown()}); else forgets the connections. */
    @Override
    public void close() {
        if (child != null || server != null) {
            shutdown();
        } else {
            client.disconnect();
        }
    }

    @Override
    public String toString() {
        return "Manager(" + address + (child != null ? ", pid " + pid : server != null ? ", in process" : "")
                + ")";
    }

    private static void requirePermits(int permits) {
        if (permits < 0) {
            throw new IllegalArgumentException("permits must be >= 0, was " + permits);
        }
    }
}
