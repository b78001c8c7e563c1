package io.github.mp4j.serial;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.github.mp4j.serial.internal.KryoFactory;
import io.github.mp4j.serial.internal.UntrustedPeer;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * Turns objects into bytes and back: the one codec every mp4j message goes through.
 *
 * <p>Kryo is configured in exactly one place ({@link KryoFactory}); instances are pooled per
 * thread and never shared between threads. Decoding always works on a complete frame that is already in
 * memory, never on a socket stream.
 *
 * <p>What crosses: serializable lambdas and method references, records, JDK collections
 * (immutable and unmodifiable ones too), arrays, and plain objects whether or not they implement
 * {@link java.io.Serializable}; and the JDK value types batch jobs pass around: {@code Path}
 * (as its string, resolved again in the receiver's default file system), {@code File},
 * {@code URI}, {@code URL}, every {@code java.time} value, {@code BigDecimal},
 * {@code BigInteger}, {@code Optional} and its primitive forms, {@code UUID}, {@code Locale},
 * {@code Currency}, {@code Charset}, {@code Pattern}, {@code Date}, {@code BitSet}, the atomic
 * numbers, IP and socket addresses, enums, {@code EnumSet}, {@code EnumMap} and {@code Map.entry}.
 * None of these needs an {@code --add-opens} flag in the sending or the receiving JVM.
 * Exceptions keep message, stack trace and cause; one that cannot be serialized arrives as a
 * {@link RemoteException}.
 *
 * <p>What does not cross is refused with a {@link SerializationException} that names the class
 * and the path of fields (or the lambda's captured value) that holds it, never with a raw Kryo or
 * reflection error: objects bound to this process (threads, streams, sockets, class loaders,
 * non-serializable lambdas), and JDK classes mp4j has no serializer for whose package is not
 * opened to reflection in this JVM (the message names the {@code --add-opens} flag that would).
 */
public final class ObjectCodec {

    /** What {@link #decodeIfSimple} returns for a message that is not one of the simple ones. */
    public static final Object NOT_SIMPLE = SimpleValues.NOT_SIMPLE;

    /** A thread keeps at most this much encode buffer between messages. */
    private static final int RETAINED_BUFFER_BYTES = 4 << 20;
    private static final int INITIAL_BUFFER_BYTES = 4 << 10;

    /** How many idle Kryo instances a thread keeps; more exist only while calls nest. */
    private static final int KRYOS_PER_THREAD = 4;

    /**
     * Each thread's idle Kryo instances: a stack, because calls nest (a worker decodes a chunk's
     * items with one instance while encoding results with another, and a task may put on a queue
     * meanwhile). Taking one costs no synchronization.
     */
    private static final ThreadLocal<ArrayDeque<Kryo>> KRYOS = ThreadLocal.withInitial(ArrayDeque::new);

    private static final ThreadLocal<Output> OUTPUTS = ThreadLocal.withInitial(ObjectCodec::newOutput);

    private ObjectCodec() {
    }

    /**
     * Encodes {@code value} into a new array.
     *
     * @param value any object graph, or {@code null}
     * @return its bytes
     * @throws SerializationException naming the class (and field) that cannot be serialized
     */
    public static byte[] encode(Object value) {
        Output output = encodeInto(value);
        try {
            return output.toBytes();
        } finally {
            release(output);
        }
    }

    /**
     * Encodes {@code value} into this thread's reusable buffer and returns a view of the bytes.
     * The view is valid until this thread encodes again; copy it if it must live longer.
     *
     * @param value any object graph, or {@code null}
     * @return a buffer positioned at the first byte, its limit after the last
     * @throws SerializationException naming the class (and field) that cannot be serialized
     */
    public static ByteBuffer encodeToBuffer(Object value) {
        Output output = encodeInto(value);
        ByteBuffer view = ByteBuffer.wrap(output.getBuffer(), 0, output.position());
        if (output.getBuffer().length > RETAINED_BUFFER_BYTES) {
            OUTPUTS.remove();
        }
        return view;
    }

    /**
     * Decodes one complete message.
     *
     * @param bytes the frame
     * @param offset where the message starts
     * @param length how many bytes it has
     * @return the decoded object
     * @throws SerializationException if the bytes are not a message or name a class this
     *     process cannot load
     */
    public static Object decode(byte[] bytes, int offset, int length) {
        Input input = new Input(bytes, offset, length);
        try {
            Object simple = SimpleValues.read(input);
            if (simple != SimpleValues.NOT_SIMPLE && input.position() == offset + length) {
                return simple;
            }
        } catch (KryoException e) {
            // cut short: Kryo reads it again and reports it
        }
        input.setPosition(offset);
        Kryo kryo = obtainKryo();
        try {
            Object value = kryo.readClassAndObject(input);
            if (input.position() != offset + length) {
                throw new SerializationException("message has " + (offset + length - input.position())
                        + " unexpected trailing bytes: the sender and receiver disagree on its format");
            }
            return value;
        } catch (SerializationException e) {
            throw e;
        } catch (RuntimeException e) {
            // Kryo's own exceptions, and whatever its serializers hit on bytes that are not a message
            throw decodeFailure(length, e);
        } catch (OutOfMemoryError e) {
            throw decodeFailure(length, new IllegalArgumentException("it claims an object too large to allocate", e));
        } finally {
            releaseKryo(kryo);
        }
    }

    /**
     * Decodes one complete message from a peer across a trust boundary: every class it names must
     * be on the {@link DecodeAllowList}, checked by name before the class is looked up.
     *
     * @param bytes the frame
     * @param offset where the message starts
     * @param length how many bytes it has
     * @return the decoded object
     * @throws SerializationException naming the first class that is not allowed (nothing of it was
     *     loaded or instantiated), or as {@link #decode(byte[], int, int)}
     */
    public static Object decodeUntrusted(byte[] bytes, int offset, int length) {
        boolean previous = UntrustedPeer.enter(true);
        try {
            return decode(bytes, offset, length);
        } finally {
            UntrustedPeer.restore(previous);
        }
    }

    /**
     * Decodes a whole array from a peer, trusted or not.
     *
     * @param bytes the message
     * @param trustedPeer whether the peer is trusted ({@code FramedChannel.peerTrusted()}): if not,
     *     as {@link #decodeUntrusted}
     * @return the decoded object
     */
    public static Object decode(byte[] bytes, boolean trustedPeer) {
        return trustedPeer ? decode(bytes, 0, bytes.length) : decodeUntrusted(bytes, 0, bytes.length);
    }

    /**
     * Decodes a whole array.
     *
     * @param bytes the message
     * @return the decoded object
     */
    public static Object decode(byte[] bytes) {
        return decode(bytes, 0, bytes.length);
    }

    /**
     * Decodes a whole array if it holds one of the commonest small messages ({@code null}, a boxed
     * number or boolean, a string, a short list of those), which name no class and hold no handle:
     * decoding them needs no allow-list and no peer, so a caller that would set those up can try
     * this first. Every decode tries it first as well, so both give the same value.
     *
     * @param bytes the message
     * @return the value, or {@link #NOT_SIMPLE} if the message needs the general decoder
     */
    public static Object decodeIfSimple(byte[] bytes) {
        Input input = new Input(bytes, 0, bytes.length);
        try {
            Object simple = SimpleValues.read(input);
            return input.position() == bytes.length ? simple : NOT_SIMPLE;
        } catch (KryoException e) {
            return NOT_SIMPLE; // cut short: the general decoder reads it again and reports it
        }
    }

    /**
     * Checks that {@code value} can be serialized, by serializing it.
     *
     * @param value the object to check
     * @param what how to name it in the error, e.g. {@code "process target"}
     * @throws SerializationException if it cannot be serialized
     */
    public static void requireSerializable(Object value, String what) {
        try {
            encodeToBuffer(value);
        } catch (SerializationException e) {
            throw new SerializationException("the " + what + " cannot be sent to another process: " + e.getMessage(), e);
        }
    }

    private static Output encodeInto(Object value) {
        Output output = OUTPUTS.get();
        output.reset();
        if (SimpleValues.write(output, value)) {
            return output;
        }
        Kryo kryo = obtainKryo();
        try {
            kryo.writeClassAndObject(output, value);
            return output;
        } catch (RuntimeException e) {
            // Kryo's own exceptions, and reflection errors of classes it cannot read: always a SerializationException
            OUTPUTS.remove();
            throw encodeFailure(value, e);
        } finally {
            releaseKryo(kryo);
        }
    }

    static Kryo obtainKryo() {
        Kryo kryo = KRYOS.get().pollFirst();
        return kryo != null ? kryo : KryoFactory.create();
    }

    static void releaseKryo(Kryo kryo) {
        ArrayDeque<Kryo> idle = KRYOS.get();
        if (idle.size() < KRYOS_PER_THREAD) {
            idle.addFirst(kryo);
        }
    }

    static SerializationException encodeFailure(Object value, RuntimeException e) {
        if (e instanceof SerializationException refused && !(e.getCause() instanceof KryoException)) {
            return refused;
        }
        return new SerializationException("cannot serialize " + className(value) + ": " + describe(e), e);
    }

    static SerializationException decodeFailure(int length, RuntimeException e) {
        SerializationException refused = refusalIn(e);
        if (refused != null) {
            return new SerializationException("cannot decode a message of " + length + " bytes: " + refused.getMessage()
                    + traceOf(e), e);
        }
        return new SerializationException("cannot decode a message of " + length + " bytes: " + describe(e)
                + ". Was it sent as raw bytes (sendBytes), or by a process with different classes on its class path?", e);
    }

    private static void release(Output output) {
        if (output.getBuffer().length > RETAINED_BUFFER_BYTES) {
            OUTPUTS.remove();
        }
    }

    private static Output newOutput() {
        return new Output(INITIAL_BUFFER_BYTES, -1);
    }

    private static String className(Object value) {
        return value == null ? "null" : value.getClass().getName();
    }

    private static String describe(Throwable e) {
        SerializationException refused = refusalIn(e);
        if (refused != null) {
            return refused.getMessage() + traceOf(e);
        }
        String message = e.getMessage();
        if (message != null && (message.contains("lambda") || message.contains("Closure"))) {
            message += " (a lambda sent to another process must be Serializable: give it a serializable"
                    + " target type such as SerializableRunnable, or cast it to (Runnable & Serializable))";
        }
        return message == null ? e.getClass().getName() : message;
    }

    /** @return the refusal of one of mp4j's serializers that Kryo wrapped (adding a trace), or null */
    private static SerializationException refusalIn(Throwable e) {
        for (Throwable root = e; root instanceof KryoException && root.getCause() != root; root = root.getCause()) {
            if (root.getCause() instanceof SerializationException refused) {
                return refused;
            }
        }
        return null;
    }

    private static String traceOf(Throwable e) {
        String message = e.getMessage();
        int trace = message == null ? -1 : message.indexOf("Serialization trace:");
        return trace < 0 ? "" : " (" + message.substring(trace).replace('\n', ' ').trim() + ")";
    }
}
