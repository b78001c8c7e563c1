package io.github.mp4j.connection.internal;

import io.github.mp4j.connection.ConnectionClosedException;
import io.github.mp4j.connection.ConnectionException;
import io.github.mp4j.runtime.HandleCleaner;
import io.github.mp4j.transport.FramedChannel;
import io.github.mp4j.transport.ObjectServer;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Where the two ends of a pipe find each other, in the process that created the pipe.
 *
 * <p>Each end is claimed by the first process that uses it. An end used here waits for its peer;
 * an end used elsewhere connects to this process's {@link ObjectServer}. When both have arrived:
 * <ul>
 *   <li>one here and one elsewhere: the local end gets the remote end's socket, so the two
 *       processes talk directly;</li>
 *   <li>both here: the second end connects to this process's own server, which is the case above;</li>
 *   <li>both elsewhere: this process relays frames between the two sockets.</li>
 * </ul>
 *
 * <p>An end used elsewhere attaches through the {@link #SERVICE_ATTACH} service this class
 * registers with the object server: the hello (drawn in {@code ObjectServer}) names the pipe and,
 * in its argument byte, the end (0 or 1). Once accepted, each frame is one message of the pipe.
 *
 * <p>The pipe stays registered until neither end can still arrive: both connected or closed,
 * or an end unused by a process that has exited, or unreachable in this process without ever
 * having been sent ({@link PipeEnd}).
 */
final class PipeRendezvous {

    /** The object server's service id of attaching a pipe end; part of the wire format. */
    static final int SERVICE_ATTACH = 3;

    static {
        ObjectServer.registerService(SERVICE_ATTACH, "pipe", PipeRendezvous.class, new ObjectServer.Service<>() {
            @Override
            public String refusal(PipeRendezvous pipe, int end) {
                return pipe.refusal(end);
            }

            @Override
            public boolean serve(PipeRendezvous pipe, int end, FramedChannel channel) {
                return pipe.attach(end, channel);
            }
        });
    }

    private enum State { FREE, WAITING_HERE, PARKED, CONNECTED, CLOSED }

    private final State[] states = {State.FREE, State.FREE};
    private final FramedChannel[] parked = new FramedChannel[2];
    private final List<CompletableFuture<FramedChannel>> waiting = Arrays.asList(null, null);
    private final long id;

    private PipeRendezvous() {
        this.id = ObjectServer.local().register(this);
    }

    static PipeRendezvous create() {
        return new PipeRendezvous();
    }

    long id() {
        return id;
    }

    /**
     * Claims an end for use in this process.
     *
     * @return a future of the channel, or {@code null} if the end must connect through the
     *     server because its peer is also waiting here
     */
    synchronized CompletableFuture<FramedChannel> claimHere(int end) {
        requireFree(end);
        int peer = 1 - end;
        switch (states[peer]) {
            case WAITING_HERE:
                return null;
            case CLOSED:
                states[end] = State.CONNECTED;
                releaseIfSettled();
                return CompletableFuture.failedFuture(new ConnectionClosedException("the other end of the pipe was closed"
                        + " before it was ever used"));
            case PARKED:
                states[end] = State.CONNECTED;
                states[peer] = State.CONNECTED;
                FramedChannel channel = parked[peer];
                parked[peer] = null;
                releaseIfSettled();
                return CompletableFuture.completedFuture(channel);
            default:
                states[end] = State.WAITING_HERE;
                waiting.set(end, new CompletableFuture<>());
                return waiting.get(end);
        }
    }

    /**
     * Once an end made in this process is unreachable here: if it was neither used nor sent, no
     * process can ever use it, so its peer learns so and this pipe no longer waits for it (nor
     * stays registered for it). An end that was sent is given up on when its recipient exits
     * ({@link #abandonIfUnused}, from {@link PipeEnd#recipientExited}).
     *
     * @param handle the end
     * @param end which end it is
     * @param sentAway set once the end was encoded to be sent
     */
    void abandonWhenUnreachable(PipeEnd handle, int end, AtomicBoolean sentAway) {
        HandleCleaner.whenUnreachable(handle, () -> {
            if (!sentAway.get()) {
                abandonIfUnused(end, "it was dropped, unused, by the process that created the pipe");
            }
        });
    }

    /** Marks an end closed before it was ever connected, so a late peer sees the end of the stream. */
    synchronized void closeUnconnected(int end) {
        if (states[end] == State.WAITING_HERE) {
            waiting.get(end).cancel(false);
            waiting.set(end, null);
        }
        states[end] = State.CLOSED;
        int peer = 1 - end;
        if (states[peer] == State.WAITING_HERE) {
            stopWaiting(peer, "the other end of the pipe was closed");
        } else if (states[peer] == State.PARKED) {
            parked[peer].close("the other end of the pipe was closed");
            parked[peer] = null;
            states[peer] = State.CLOSED;
        }
        releaseIfSettled();
    }

    /**
     * Gives up on an end that no process has used yet, because the process it was sent to is
     * gone: its peer, waiting or parked, sees the end of the stream with the reason.
     *
     * @param end the end
     * @param reason why it will never connect
     */
    synchronized void abandonIfUnused(int end, String reason) {
        if (states[end] != State.FREE) {
            return;
        }
        states[end] = State.CLOSED;
        int peer = 1 - end;
        if (states[peer] == State.WAITING_HERE) {
            stopWaiting(peer, "the other end of the pipe will never connect: " + reason);
        } else if (states[peer] == State.PARKED) {
            parked[peer].close("the other end of the pipe will never connect: " + reason);
            parked[peer] = null;
            states[peer] = State.CLOSED;
        }
        releaseIfSettled();
    }

    /** Fails the end waiting here; it will never connect. */
    private void stopWaiting(int end, String reason) {
        waiting.get(end).completeExceptionally(new ConnectionClosedException(reason));
        waiting.set(end, null);
        states[end] = State.CLOSED;
    }

    /**
     * Once neither end can still arrive, nothing may reach this pipe through the server any more:
     * it forgets the pipe, and with it the last reference this process kept to the pipe's
     * connection (and its buffers).
     */
    private void releaseIfSettled() {
        if (settled(states[0]) && settled(states[1])) {
            ObjectServer.local().unregister(id);
        }
    }

    private static boolean settled(State state) {
        return state == State.CONNECTED || state == State.CLOSED;
    }

    private synchronized String refusal(int end) {
        if (end != 0 && end != 1) {
            return "not a pipe end: " + end;
        }
        return states[end] == State.FREE || states[end] == State.CLOSED ? null : alreadyUsed(end);
    }

    private boolean attach(int end, FramedChannel channel) {
        FramedChannel relayPeer;
        synchronized (this) {
            int peer = 1 - end;
            if (states[end] != State.FREE || states[peer] == State.CLOSED) {
                if (states[end] == State.FREE) {
                    states[end] = State.CLOSED;
                    releaseIfSettled();
                }
                return false;
            }
            switch (states[peer]) {
                case WAITING_HERE:
                    states[end] = State.CONNECTED;
                    states[peer] = State.CONNECTED;
                    waiting.get(peer).complete(channel);
                    waiting.set(peer, null);
                    releaseIfSettled();
                    return true;
                case PARKED:
                    states[end] = State.CONNECTED;
                    states[peer] = State.CONNECTED;
                    relayPeer = parked[peer];
                    parked[peer] = null;
                    releaseIfSettled();
                    break;
                default:
                    states[end] = State.PARKED;
                    parked[end] = channel;
                    return true;
            }
        }
        relay(channel, relayPeer);
        return true;
    }

    private static void relay(FramedChannel a, FramedChannel b) {
        startCopy(a, b);
        startCopy(b, a);
    }

    private static void startCopy(FramedChannel from, FramedChannel to) {
        Thread thread = new Thread(() -> {
            try {
                while (true) {
                    to.write(java.nio.ByteBuffer.wrap(from.read()));
                }
            } catch (ConnectionException e) {
                from.close("the relayed pipe was closed");
                to.close("the relayed pipe was closed");
            }
        }, "mp4j-pipe-relay");
        thread.setDaemon(true);
        thread.start();
    }

    private void requireFree(int end) {
        if (states[end] != State.FREE) {
            throw new IllegalStateException(alreadyUsed(end));
        }
    }

    private String alreadyUsed(int end) {
        return "this pipe end (" + end + ") is already in use by another process or another copy of the end;"
                + " each end of a pipe can be used by one process";
    }
}
