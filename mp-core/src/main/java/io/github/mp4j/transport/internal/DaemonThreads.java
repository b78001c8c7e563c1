package io.github.mp4j.transport.internal;

import java.util.concurrent.ThreadFactory;

/** Helper threads of the transport, which must never keep a JVM from exiting. */
final class DaemonThreads {

    private DaemonThreads() {
    }

    /**
     * @param name every thread's name
     * @return a factory of daemon threads of that name
     */
    static ThreadFactory named(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
