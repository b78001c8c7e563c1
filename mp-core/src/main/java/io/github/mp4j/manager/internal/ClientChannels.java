package io.github.mp4j.manager.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each thread's connections to managers, one per manager: a call never waits for another thread's
 * call, and the manager knows which thread holds its locks. A connection whose thread has ended is
 * closed within about a second (by a daemon thread, started with the first connection, that looks
 * once a second, and whenever a thread connects), so the locks that thread held are released; the exit
 * sequence closes the rest with every channel.
 */
final class ClientChannels {

    private static final ThreadLocal<Map<String, ClientChannel>> MINE = ThreadLocal.withInitial(HashMap::new);
    private static final Set<ClientChannel> ALL = ConcurrentHashMap.newKeySet();
    private static final long REAP_INTERVAL_MILLIS = 1_000;
    private static Thread reaper;

    private ClientChannels() {
    }

    /**
     * @param token the object to call
     * @return the calling thread's connection to its manager, opened if needed
     */
    static ClientChannel channel(Token token) {
        Map<String, ClientChannel> mine = MINE.get();
        ClientChannel channel = mine.get(token.address());
        if (channel != null && !channel.isClosed()) {
            return channel;
        }
        if (channel != null) {
            ALL.remove(channel);
        }
        closeAbandoned();
        channel = ClientChannel.open(token.address(), token.key());
        mine.put(token.address(), channel);
        ALL.add(channel);
        startReaper();
        return channel;
    }

    private static synchronized void startReaper() {
        if (reaper == null) {
            reaper = new Thread(ClientChannels::reap, "mp4j-manager-connections");
            reaper.setDaemon(true);
            reaper.start();
        }
    }

    /** Closes the connections of ended threads, once a second, for as long as this process runs. */
    private static void reap() {
        while (true) {
            try {
                Thread.sleep(REAP_INTERVAL_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            closeAbandoned();
        }
    }

    /**
     * Closes every thread's connection to a manager (it was shut down).
     *
     * @param address the manager's address
     */
    static void closeAll(String address) {
        MINE.get().remove(address);
        ALL.removeIf(c -> {
            if (c.address().equals(address)) {
                c.close();
                return true;
            }
            return false;
        });
    }

    private static void closeAbandoned() {
        ALL.removeIf(c -> {
            if (!c.owner().isAlive() || c.isClosed()) {
                c.close();
                return true;
            }
            return false;
        });
    }
}
