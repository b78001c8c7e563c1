package io.github.mp4j.manager.internal;

import io.github.mp4j.function.SerializableCallable;

/** The manager's own object (id 0): what a {@link ManagerClient} asks of the manager itself. */
interface ManagerRoot {

    /**
     * Creates a shared object.
     *
     * @param kind what to create: a built-in kind ({@link Kinds}) or {@code "type:"} and a registered interface
     * @param args its arguments
     * @return its id
     */
    long create(String kind, Object[] args);

    /**
     * Registers a factory for an interface (CPython's {@code BaseManager.register}).
     *
     * @param type the interface's name
     * @param factory makes a new object, in the manager
     */
    void register(String type, SerializableCallable<?> factory);

    /**
     * Forgets an object: its proxies fail from now on.
     *
     * @param id the object
     * @return whether it existed
     */
    boolean release(long id);

    /** @return how many objects the manager holds */
    int objectCount();

    /** Stops the manager once this call has been answered. */
    void shutdown();
}
