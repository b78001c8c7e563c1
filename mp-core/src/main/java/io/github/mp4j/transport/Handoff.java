package io.github.mp4j.transport;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The handles (pipe ends, for one) that a child's target carries to the child. The process
 * concept encodes the target inside {@link #record}; the serializer of each handle reports it
 * with {@link #sent}; once the child has exited, the process concept tells every recorded handle
 * so with {@link Handle#recipientExited}, and a handle that no process ever used can let its
 * peer know instead of leaving it waiting forever.
 */
public final class Handoff {

    /** While a target is encoded on this thread: the handles it carries. */
    private static final ThreadLocal<List<Handle>> SENT = new ThreadLocal<>();
    /** Whether what this thread encodes goes to a child of this process over its private connection. */
    private static final ThreadLocal<Boolean> TO_OWN_CHILD = new ThreadLocal<>();

    private final List<Handle> handles;

    private Handoff(List<Handle> handles) {
        this.handles = handles;
    }

    /** A handle that learns when the process it was sent to has exited. */
    public interface Handle {
        /**
         * @param reason who exited, and how
         */
        void recipientExited(String reason);
    }

    /**
     * Encodes an object for one recipient and records the handles it carries.
     *
     * @param encoding encodes the object
     * @param <T> the encoded form
     * @return the handles recorded, and the encoded form
     */
    public static <T> Recorded<T> record(Supplier<T> encoding) {
        List<Handle> outer = SENT.get();
        List<Handle> sent = new ArrayList<>();
        SENT.set(sent);
        try {
            return new Recorded<>(encoding.get(), new Handoff(sent));
        } finally {
            SENT.set(outer);
        }
    }

    /**
     * Encodes an object for a child of this process that receives it over its authenticated,
     * private connection to this process (a pool's worker JVM gets its tasks so), without
     * recording the handles it carries (such a child serves many objects, and its exit says
     * nothing of any one): a handle may then carry what only the process family may know (a
     * manager's own key), as it does in a child's target.
     *
     * @param encoding encodes the object
     * @param <T> the encoded form
     * @return the encoded form
     */
    public static <T> T toOwnChild(Supplier<T> encoding) {
        Boolean outer = TO_OWN_CHILD.get();
        TO_OWN_CHILD.set(Boolean.TRUE);
        try {
            return encoding.get();
        } finally {
            TO_OWN_CHILD.set(outer);
        }
    }

    /**
     * @return whether the object being encoded on this thread goes to a child of this process
     *     ({@link #record}, {@link #toOwnChild}), rather than anywhere a message may travel
     */
    public static boolean encodingForOwnChild() {
        return SENT.get() != null || TO_OWN_CHILD.get() != null;
    }

    /**
     * Called by a handle's serializer as it writes the handle.
     *
     * @param handle the handle being written; ignored outside {@link #record}
     * @return whether the handle was recorded, and so will learn when its recipient exits; if
     *     not, it was sent where this process cannot tell when it is no longer used
     */
    public static boolean sent(Handle handle) {
        List<Handle> sent = SENT.get();
        if (sent != null) {
            sent.add(handle);
        }
        return sent != null;
    }

    /** @return whether the object carried no handle */
    public boolean isEmpty() {
        return handles.isEmpty();
    }

    /**
     * Tells every handle the object carried that its recipient has exited.
     *
     * @param reason who exited, and how
     */
    public void recipientExited(String reason) {
        handles.forEach(handle -> handle.recipientExited(reason));
    }

    /**
     * An object's encoded form with the handles it carries.
     *
     * @param encoded the encoded form
     * @param handoff the handles
     * @param <T> the encoded form's type
     */
    public record Recorded<T>(T encoded, Handoff handoff) {
    }
}
