package io.github.mp4j.manager.internal;

import io.github.mp4j.connection.Address;
import io.github.mp4j.connection.ConnectionOptions;
import io.github.mp4j.runtime.CurrentProcess;
import io.github.mp4j.transport.ObjectServer;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The auth keys this process knows for managers whose key is not the family's: learnt from
 * {@code Manager.start} and {@code Manager.connect} here, or from a proxy in this child's target;
 * and the connection options (TLS) this process uses for a manager's address. For a TCP address
 * it knows nothing of itself, the key and options of the TCP connection a proxy arrived on
 * ({@link ObjectServer#reach}), as for queue handles; else the family's key and no TLS.
 */
final class Keys {

    private static final String TCP = "tcp:";
    private static final Map<String, byte[]> KNOWN = new ConcurrentHashMap<>();
    private static final Map<String, ConnectionOptions> OPTIONS = new ConcurrentHashMap<>();

    private Keys() {
    }

    /**
     * @param address a manager's address
     * @param key its key; the family's key is not recorded
     */
    static void learn(String address, byte[] key) {
        if (!Arrays.equals(key, CurrentProcess.authKey())) {
            KNOWN.put(address, key.clone());
        }
    }

    /**
     * @param address a manager's address
     * @param options how to connect to it (TLS, limits); {@code null} changes nothing
     */
    static void learnOptions(String address, ConnectionOptions options) {
        if (options != null) {
            OPTIONS.put(address, options);
        }
    }

    /**
     * @param address a manager's address
     * @return how to connect to it: as learnt, else the defaults (no TLS)
     */
    static ConnectionOptions options(String address) {
        ConnectionOptions options = OPTIONS.get(address);
        if (options == null && address.startsWith(TCP)) {
            options = ObjectServer.knownOptions(Address.parse(address));
        }
        return options != null ? options : ConnectionOptions.DEFAULT;
    }

    /**
     * @param address a manager's address
     * @return the key to prove to it
     */
    static byte[] of(String address) {
        byte[] key = KNOWN.get(address);
        if (key == null && address.startsWith(TCP)) {
            key = ObjectServer.knownKey(Address.parse(address));
        }
        return key != null ? key : CurrentProcess.authKey();
    }
}
