package io.github.mp4j.manager.internal;

/**
 * The frames between a proxy's process and its manager, after the {@code transport.Handshake}.
 * One connection serves one client thread; each call is one request and one reply on it, written
 * and read by the calling thread itself, and served by the connection's own thread in the manager.
 *
 * <pre>
 *  hello (client, once):  +-----------------------------+
 *                         | client pid (int64, BE)      |
 *                         +-----------------------------+
 *  request:  +---------------------+-------------------+--------------------------------------+
 *            | object id (int64)   | method (int16)    | arguments: ObjectCodec of a List     |
 *            |                     |                   | (absent when the method takes none)  |
 *            +---------------------+-------------------+--------------------------------------+
 *  reply:    +-------------+-------------------------------------------------------------+
 *            | status byte | OK: ObjectCodec of the result; THROWN: of the exception     |
 *            +-------------+-------------------------------------------------------------+
 * </pre>
 *
 * The method number is the method's index in the {@link MethodTable} of the object's interface
 * (both sides compute it from the same class); {@link #SNAPSHOT} asks for a copy of a map, list or
 * queue. Object 0 is the manager itself ({@link ManagerRoot}).
 */
final class ManagerProtocol {

    /** The manager's own object: creates, registers and releases the others. */
    static final long ROOT_ID = 0;
    /** Method number of "send me a copy of this collection". */
    static final short SNAPSHOT = -1;
    static final byte OK = 0;
    static final byte THROWN = 1;
    static final int HELLO_BYTES = Long.BYTES;
    static final int REQUEST_HEADER_BYTES = Long.BYTES + Short.BYTES;

    private ManagerProtocol() {
    }
}
