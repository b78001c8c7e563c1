package io.github.mp4j.manager.internal;

import io.github.mp4j.MpException;
import io.github.mp4j.MpInterruptedException;
import io.github.mp4j.connection.Address;
import io.github.mp4j.connection.AuthenticationException;
import io.github.mp4j.connection.ConnectionClosedException;
import io.github.mp4j.connection.ConnectionException;
import io.github.mp4j.connection.ConnectionOptions;
import io.github.mp4j.manager.ManagerDiedException;
import io.github.mp4j.serial.ObjectCodec;
import io.github.mp4j.transport.FramedChannel;
import io.github.mp4j.transport.Handshake;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * One client thread's connection to one manager. The thread that owns it writes each request and
 * then reads the reply itself: no other thread is involved on this side, so a call costs two
 * system calls and the manager's work.
 */
final class ClientChannel {

    private final String address;
    private final FramedChannel channel;
    private final Thread owner = Thread.currentThread();
    private final boolean trusted;
    private final ByteBuffer header = ByteBuffer.allocate(ManagerProtocol.REQUEST_HEADER_BYTES);

    private ClientChannel(String address, FramedChannel channel) {
        this.address = address;
        this.channel = channel;
        this.trusted = channel.peerTrusted();
    }

    /**
     * Connects and authenticates.
     *
     * @param address the manager's address
     * @param key its auth key
     * @return the connection, for the calling thread
     * @throws ManagerDiedException if no manager answers there
     */
    static ClientChannel open(String address, byte[] key) {
        ConnectionOptions options = Keys.options(address);
        FramedChannel channel;
        try {
            channel = FramedChannel.connect(Address.parse(address), options.maxFrameBytes());
        } catch (ConnectionException e) {
            throw new ManagerDiedException("no manager answers at " + address + ": it died or was shut down, and"
                    + " its objects with it; start a new manager and create new objects", e);
        }
        try {
            Handshake.asClient(channel, key, options);
            channel.write(ByteBuffer.allocate(ManagerProtocol.HELLO_BYTES).putLong(ProcessHandle.current().pid()).flip());
            return new ClientChannel(address, channel);
        } catch (RuntimeException e) {
            channel.close("the connection to the manager failed");
            if (e instanceof AuthenticationException && !gone(e)) {
                throw new AuthenticationException("the manager at " + address + " refused this process's key for it: a"
                        + " proxy of a manager with its own auth key works in the process that started it, in a"
                        + " child whose target or pool task carried the proxy, and in a process that called"
                        + " Manager.connect(address, key) (" + e.getMessage() + ")", e);
            }
            throw gone(e) ? died(address, e) : e;
        }
    }

    /** @return the manager's address */
    String address() {
        return address;
    }

    /** @return the thread whose connection this is */
    Thread owner() {
        return owner;
    }

    /** @return whether it can no longer be used */
    boolean isClosed() {
        return channel.isClosed();
    }

    /** Closes the connection; the manager releases what this thread held. */
    void close() {
        channel.close("the client closed its connection to the manager");
    }

    /**
     * One call.
     *
     * @param objectId the object
     * @param method its method number
     * @param args the arguments, or {@code null}
     * @return the result
     */
    Object call(long objectId, short method, Object[] args) {
        // a list of small scalars takes the codec's fast path, which skips Kryo
        ByteBuffer body = args == null || args.length == 0 ? null : ObjectCodec.encodeToBuffer(Arrays.asList(args));
        byte[] reply;
        try {
            header.clear();
            header.putLong(objectId).putShort(method).flip();
            if (body == null) {
                channel.write(header);
            } else {
                channel.writeParts(header, body);
            }
            reply = channel.read();
        } catch (MpInterruptedException e) {
            throw e;
        } catch (ConnectionException e) {
            close();
            throw died(address, e);
        }
        Object result = ManagerServer.decode(channel, reply, 1, trusted);
        if (reply[0] == ManagerProtocol.OK) {
            return result;
        }
        throw rethrown((Throwable) result);
    }

    /** A refused key is the caller's problem; a connection that just ends is the manager's death. */
    private static boolean gone(RuntimeException e) {
        if (e instanceof AuthenticationException) {
            return e.getCause() instanceof ConnectionClosedException;
        }
        return e instanceof ConnectionException;
    }

    private static RuntimeException rethrown(Throwable thrown) {
        if (thrown instanceof RuntimeException e) {
            return e;
        }
        if (thrown instanceof Error e) {
            throw e;
        }
        return new MpException("the manager's object threw " + thrown, thrown);
    }

    private static ManagerDiedException died(String address, Exception cause) {
        return new ManagerDiedException("the manager at " + address + " is gone (it died or was shut down): "
                + cause.getMessage() + "; its objects went with it: start a new manager", cause);
    }
}
