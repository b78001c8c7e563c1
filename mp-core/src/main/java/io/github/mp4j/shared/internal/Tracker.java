package io.github.mp4j.shared.internal;

import io.github.mp4j.resource.RuntimeDirectory;
import io.github.mp4j.runtime.ChildExits;
import io.github.mp4j.runtime.ExitSequence;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Removes segments nobody will unlink: CPython's resource tracker, without a tracker process and
 * without its warnings.
 *
 * <p>A segment created with tracking on ({@link SegmentHeader#TRACKED}) belongs to the process
 * named in its header. That process unlinks it when it closes it, and at its normal exit (in
 * {@link ExitSequence.Step#CONNECTIONS}, after its children were joined or terminated). A
 * segment whose creator died without doing so (killed, crashed, {@code halt}) is removed by the
 * {@linkplain #sweep() sweep}, which runs at well-defined times: the first time a process
 * creates or attaches a segment; in a process that used one, whenever a child JVM it started
 * exits (so a parent cleans up after a child that was killed at once) and at its normal exit;
 * and whenever the application calls it. Untracked
 * segments ({@code keep()}) stay until someone unlinks them, as in Python.
 */
public final class Tracker {

    /** Made on first use: System.getLogger starts java.util.logging, which a child JVM pays for only if it logs. */
    private static final class Log {
        static final System.Logger LOG = System.getLogger(Tracker.class.getName());
    }
    private static final Set<Path> CREATED = ConcurrentHashMap.newKeySet();
    private static volatile boolean started;

    private Tracker() {
    }

    /** Sweeps once per process, and registers the exit step; called before the first create or attach. */
    public static void start() {
        if (started) {
            return;
        }
        synchronized (Tracker.class) {
            if (!started) {
                ExitSequence.add(ExitSequence.Step.CONNECTIONS, Tracker::atExit);
                ChildExits.listen(pid -> sweep());
                sweep();
                started = true;
            }
        }
    }

    /** @param file a tracked segment this process created: unlinked at exit unless {@link #forget forgotten} */
    public static void created(Path file) {
        CREATED.add(file);
    }

    /** @param file a segment this process unlinked or was asked to keep */
    public static void forget(Path file) {
        CREATED.remove(file);
    }

    /**
     * Removes every tracked segment whose creator is no longer running.
     *
     * @return how many it removed
     */
    public static int sweep() {
        int removed = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(RuntimeDirectory.sharedMemory(), SegmentFiles::isSegmentFile)) {
            for (Path file : files) {
                if (isOrphan(file)) {
                    SegmentFiles.deleteQuietly(file);
                    removed++;
                    Log.LOG.log(System.Logger.Level.DEBUG, () -> "removed " + file + ", whose creator is gone");
                }
            }
        } catch (IOException e) {
            // a directory we cannot list now is swept by the next process that can
        }
        return removed;
    }

    private static void atExit() {
        for (Path file : CREATED) {
            if (createdHere(file)) {
                SegmentFiles.deleteQuietly(file);
            }
        }
        CREATED.clear();
        sweep();
    }

    private static boolean isOrphan(Path file) {
        SegmentHeader.Creator owner = owner(file);
        return owner != null && !owner.isAlive();
    }

    /** Guards against unlinking a segment of the same name that another process made after ours went, or one kept since. */
    private static boolean createdHere(Path file) {
        return SegmentHeader.Creator.SELF.equals(owner(file));
    }

    /** @return the creator of a tracked segment, or {@code null} if the file is gone, untracked or no segment */
    private static SegmentHeader.Creator owner(Path file) {
        ByteBuffer header = header(file);
        return header != null && (SegmentHeader.flags(header) & SegmentHeader.TRACKED) != 0
                ? SegmentHeader.creator(header) : null;
    }

    /** @return the file's header, or {@code null} if it is gone or not a segment */
    private static ByteBuffer header(Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            ByteBuffer header = ByteBuffer.allocate(SegmentHeader.SIZE).order(ByteOrder.nativeOrder());
            while (header.hasRemaining() && channel.read(header) >= 0) {
                // reads until the header is complete or the file ends
            }
            header.flip();
            return SegmentHeader.problem(header, channel.size()) == null ? header : null;
        } catch (IOException e) {
            return null;
        }
    }
}
