package io.github.mp4j;

import io.github.mp4j.connection.Address;
import io.github.mp4j.connection.Client;
import io.github.mp4j.connection.Connection;
import io.github.mp4j.manager.ManagedLock;
import io.github.mp4j.manager.ManagedMap;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Another JVM, not a child of the test, that uses a manager's proxies it received over a
 * {@code Client} connection: the proxies reach the manager with that connection's key. Run by
 * {@code TwoHostsTest} in another network namespace ({@link #command}).
 *
 * <p>Protocol: the test holds the lock and sends a map (whose {@code "inner"} entry is a list
 * proxy) and the lock. This JVM puts {@code "peer" -> "hello"}, checks the lock is held elsewhere
 * ({@code "lockWasHeld"}), adds {@code "from the peer"} to the nested list, and says
 * {@code "ready"}; the test then releases the lock, which this JVM acquires, puts
 * {@code "locked" -> true}, releases, and says {@code "done"}.
 */
public final class RemoteManagerPeer {

    private RemoteManagerPeer() {
    }

    /** @param args the listener's address and the key in hex */
    @SuppressWarnings("unchecked")
    public static void main(String[] args) {
        byte[] key = HexFormat.of().parseHex(args[1]);
        try (Connection connection = Client.connect(Address.parse(args[0]), key)) {
            ManagedMap<String, Object> map = connection.recv();
            ManagedLock lock = connection.recv();
            map.put("peer", "hello");
            map.put("lockWasHeld", !lock.acquire(Duration.ofMillis(100)));
            ((List<String>) map.get("inner")).add("from the peer");
            connection.send("ready");
            if (!lock.acquire(Duration.ofSeconds(60))) {
                throw new IllegalStateException("the lock was not released");
            }
            try {
                map.put("locked", true);
            } finally {
                lock.release();
            }
            connection.send("done");
            connection.recv();
        }
    }

    /**
     * @param prefix what runs the JVM (empty, or {@code ip netns exec NAME})
     * @param args {@link #main}'s arguments
     * @return the command line that runs this class in a new JVM with the test's class path
     */
    public static List<String> command(List<String> prefix, String... args) {
        List<String> command = new ArrayList<>(RemotePeer.command(prefix, args));
        command.set(command.indexOf(RemotePeer.class.getName()), RemoteManagerPeer.class.getName());
        return command;
    }
}
