package io.github.mp4j.process.internal;

import io.github.mp4j.runtime.ProcessInfo;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What a parent tells a new child JVM, over the child's standard input, before the child runs
 * anything (and so never on a command line, where other users could read the auth key).
 *
 * <pre>
 *  int32   magic 0x4D50344A ("MP4J")      int32  format version (1)
 *  UTF     child name                      bool   daemon
 *  int32   n, then n x int32               child identity
 *  UTF     parent name                     int64  parent pid
 *  int32   n, then n x int32               parent identity
 *  int32   n, then n bytes                 auth key
 *  int32   n, then n bytes                 target (serialized by ObjectCodec)
 * </pre>
 * After it, the parent keeps the child's standard input open and writes nothing more.
 */
record Bootstrap(ProcessInfo child, ProcessInfo parent, byte[] authKey, byte[] target) {

    private static final int MAGIC = 0x4D50344A;
    private static final int VERSION = 1;
    private static final int MAX_FIELD_BYTES = Integer.MAX_VALUE - 8;

    void write(DataOutputStream out) throws IOException {
        out.writeInt(MAGIC);
        out.writeInt(VERSION);
        out.writeUTF(child.name());
        out.writeBoolean(child.daemon());
        writeIdentity(out, child.identity());
        out.writeUTF(parent.name());
        out.writeLong(parent.pid());
        writeIdentity(out, parent.identity());
        writeBytes(out, authKey);
        writeBytes(out, target);
        out.flush();
    }

    static Bootstrap read(DataInputStream in) throws IOException {
        if (in.readInt() != MAGIC || in.readInt() != VERSION) {
            throw new IOException("standard input does not start with an mp4j bootstrap of this version;"
                    + " WorkerMain is started by mp4j, not by hand");
        }
        String name = in.readUTF();
        boolean daemon = in.readBoolean();
        List<Integer> identity = readIdentity(in);
        ProcessInfo child = new ProcessInfo(name, ProcessHandle.current().pid(), daemon, identity);
        String parentName = in.readUTF();
        long parentPid = in.readLong();
        ProcessInfo parent = new ProcessInfo(parentName, parentPid, false, readIdentity(in));
        return new Bootstrap(child, parent, readBytes(in), readBytes(in));
    }

    private static void writeIdentity(DataOutputStream out, List<Integer> identity) throws IOException {
        out.writeInt(identity.size());
        for (int part : identity) {
            out.writeInt(part);
        }
    }

    private static List<Integer> readIdentity(DataInputStream in) throws IOException {
        int size = in.readInt();
        if (size < 0 || size > 1024) {
            throw new IOException("corrupt bootstrap: identity of " + size + " parts");
        }
        List<Integer> identity = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            identity.add(in.readInt());
        }
        return identity;
    }

    private static void writeBytes(DataOutputStream out, byte[] bytes) throws IOException {
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static byte[] readBytes(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > MAX_FIELD_BYTES) {
            throw new IOException("corrupt bootstrap: field of " + length + " bytes");
        }
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return bytes;
    }
}
