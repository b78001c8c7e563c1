package io.github.mp4j.shared.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;

/**
 * The header at the start of every shared-memory segment file: what lets an attaching process
 * check that it found a segment of the size it expects, and lets the {@link Tracker} know who
 * created it and whether it must go when that process is gone.
 *
 * <pre>
 *  byte 0          8          12         16                 24                 32                 40           64
 *  +---------------+----------+----------+------------------+------------------+------------------+------------+
 *  | magic         | version  | flags    | size             | creator pid      | creator start    | zero       |
 *  | "MP4JSHM\0"   | int (1)  | int      | long: data bytes | long             | long: epoch ms,  |            |
 *  |               |          | bit 0:   |                  |                  | -1 if unknown    |            |
 *  |               |          | TRACKED  |                  |                  |                  |            |
 *  +---------------+----------+----------+------------------+------------------+------------------+------------+
 *  byte 64: the data, {@code size} bytes; offset 0 of the public API
 * </pre>
 *
 * Every field is in the platform's byte order. The header is complete before the segment gets
 * its name (the creator writes it into a private file that it then links to the name), so an
 * attaching process never sees half of it. Only {@code flags} changes afterwards
 * ({@code keep()} clears {@code TRACKED}), through an aligned volatile store.
 */
public final class SegmentHeader {

    /** Bytes before the data; a multiple of 64, so data offsets keep their alignment. */
    public static final int SIZE = 64;
    /** Offset of the flags word. */
    public static final int FLAGS_OFFSET = 12;
    /** Flag: the creator unlinks the segment when it closes it or exits, the tracker after it died. */
    public static final int TRACKED = 1;
    /** The format this code reads and writes. */
    public static final int VERSION = 1;

    private static final long MAGIC = ByteBuffer.wrap("MP4JSHM\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
            .order(ByteOrder.nativeOrder()).getLong();
    private static final int VERSION_OFFSET = 8;
    private static final int SIZE_OFFSET = 16;
    private static final int PID_OFFSET = 24;
    private static final int START_OFFSET = 32;

    private SegmentHeader() {
    }

    /**
     * @param size the data's size in bytes
     * @param flags {@link #TRACKED} or 0
     * @return the header of a segment this process creates, ready to be written at offset 0
     */
    public static ByteBuffer forThisProcess(long size, int flags) {
        ByteBuffer header = ByteBuffer.allocate(SIZE).order(ByteOrder.nativeOrder());
        header.putLong(0, MAGIC).putInt(VERSION_OFFSET, VERSION).putInt(FLAGS_OFFSET, flags)
                .putLong(SIZE_OFFSET, size).putLong(PID_OFFSET, Creator.SELF.pid())
                .putLong(START_OFFSET, Creator.SELF.startMillis());
        return header;
    }

    /**
     * Checks a header.
     *
     * @param header {@link #SIZE} bytes from offset 0 of a file, absolute indexes, in the platform's
     *     byte order (read as it is: no copy of the view, which every attach would pay for)
     * @param fileSize the file's length
     * @return {@code null} if it is a segment this code can read whose size matches the file,
     *     otherwise what is wrong with it, for an error message
     */
    public static String problem(ByteBuffer header, long fileSize) {
        if (fileSize < SIZE) {
            return "it has " + fileSize + " bytes, fewer than a segment's " + SIZE + "-byte header";
        }
        if (header.getLong(0) != MAGIC) {
            return "it does not start with mp4j's segment header";
        }
        if (header.getInt(VERSION_OFFSET) != VERSION) {
            return "its format version is " + header.getInt(VERSION_OFFSET) + " and this mp4j reads version " + VERSION;
        }
        if (header.getLong(SIZE_OFFSET) != fileSize - SIZE) {
            return "its header says " + header.getLong(SIZE_OFFSET) + " bytes of data but the file holds " + (fileSize - SIZE);
        }
        return null;
    }

    /**
     * @param header a header {@link #problem} accepted
     * @return the data's size in bytes
     */
    public static long size(ByteBuffer header) {
        return header.duplicate().order(ByteOrder.nativeOrder()).getLong(SIZE_OFFSET);
    }

    /**
     * @param header a header {@link #problem} accepted
     * @return its flags
     */
    public static int flags(ByteBuffer header) {
        return header.duplicate().order(ByteOrder.nativeOrder()).getInt(FLAGS_OFFSET);
    }

    /**
     * @param header a header {@link #problem} accepted
     * @return the process that created the segment
     */
    public static Creator creator(ByteBuffer header) {
        ByteBuffer h = header.duplicate().order(ByteOrder.nativeOrder());
        return new Creator(h.getLong(PID_OFFSET), h.getLong(START_OFFSET));
    }

    /**
     * A process as the header names it: its pid, and its start time to tell it from a later
     * process that got the same pid.
     *
     * @param pid the process id
     * @param startMillis its start time in epoch milliseconds, or -1 if the system did not say
     */
    public record Creator(long pid, long startMillis) {

        /** This process. */
        public static final Creator SELF = new Creator(ProcessHandle.current().pid(),
                ProcessHandle.current().info().startInstant().map(Instant::toEpochMilli).orElse(-1L));

        /** Start times read at different moments may differ by rounding; a reused pid is much later. */
        private static final long START_TOLERANCE_MILLIS = 1000;

        /** @return whether this process still runs (the same one, not a later one with its pid) */
        public boolean isAlive() {
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(this::sameStart).isPresent();
        }

        private boolean sameStart(ProcessHandle process) {
            if (startMillis < 0) {
                return true;
            }
            return process.info().startInstant()
                    .map(start -> Math.abs(start.toEpochMilli() - startMillis) <= START_TOLERANCE_MILLIS)
                    .orElse(true);
        }
    }
}
