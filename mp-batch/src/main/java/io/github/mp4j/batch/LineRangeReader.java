package io.github.mp4j.batch;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamException;
import org.springframework.batch.infrastructure.item.ItemStreamReader;

/**
 * Reads the lines of one byte range of a file, as a {@link LineRangePartitioner} cut it: each
 * line whose first byte is in {@code [start, end)}, without its line terminator ({@code \n} or
 * {@code \r\n}), decoded in the given charset (UTF-8 by default). It is restartable: after each
 * chunk it saves the byte position of the next line ({@value #POSITION_KEY}) in the execution
 * context, and a reader opened with that context resumes there.
 *
 * <pre>{@code
 * public ItemReader<String> reader(ExecutionContext partition) {
 *     return new LineRangeReader(partition);
 * }
 * }</pre>
 */
public final class LineRangeReader implements ItemStreamReader<String> {

    /** The context key of the byte position of the next line to read (a {@code long}). */
    public static final String POSITION_KEY = "mp4j.range.position";

    private static final int BUFFER_BYTES = 64 * 1024;

    private final Path file;
    private final long start;
    private final long end;
    private final Charset charset;
    private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER_BYTES);
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);
    private FileChannel channel;
    /** Byte position of the next unread byte in the file; buffer holds the bytes from here on. */
    private long position;

    /**
     * A reader of the range a {@link LineRangePartitioner} put in this partition's context, in UTF-8.
     *
     * @param partition the partition's execution context
     */
    public LineRangeReader(ExecutionContext partition) {
        this(singleFile(partition), partition.getLong(LineRangePartitioner.START_KEY),
                partition.getLong(LineRangePartitioner.END_KEY), StandardCharsets.UTF_8);
    }

    /**
     * @param file the file
     * @param start the first byte of the range: the start of a line
     * @param end the end of the range, exclusive
     * @param charset the file's charset; it must encode {@code '\n'} as the single byte 10 (UTF-8, ISO-8859-*, ASCII do)
     */
    public LineRangeReader(Path file, long start, long end, Charset charset) {
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("range must have 0 <= start <= end, was [" + start + ", " + end + ")");
        }
        this.file = file;
        this.start = start;
        this.end = end;
        this.charset = charset;
        this.position = start;
    }

    private static Path singleFile(ExecutionContext partition) {
        List<Path> files = FilePartitioner.files(partition);
        if (files.size() != 1) {
            throw new IllegalArgumentException("a line range is in one file, the partition has " + files);
        }
        return files.get(0);
    }

    @Override
    public void open(ExecutionContext context) {
        position = context.getLong(POSITION_KEY, start);
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ);
        } catch (IOException e) {
            throw new ItemStreamException("Cannot open " + file + " to read bytes [" + start + ", " + end + ")", e);
        }
        buffer.clear().flip();
    }

    @Override
    public String read() throws IOException {
        if (channel == null) {
            throw new IllegalStateException("the reader of " + file + " was not opened: open it with the partition's context");
        }
        if (position >= end) {
            return null;
        }
        line.reset();
        while (buffer.hasRemaining() || fill()) {
            int from = buffer.position();
            int newline = indexOfNewline(from, buffer.limit());
            int length = (newline < 0 ? buffer.limit() : newline) - from;
            position += length;
            if (newline >= 0) {
                position++;
                buffer.position(newline + 1);
                if (line.size() == 0) {
                    return decode(buffer.array(), from, length);
                }
                line.write(buffer.array(), from, length);
                break;
            }
            line.write(buffer.array(), from, length);
            buffer.position(buffer.limit());
        }
        byte[] bytes = line.toByteArray();
        return decode(bytes, 0, bytes.length);
    }

    private int indexOfNewline(int from, int limit) {
        byte[] bytes = buffer.array();
        for (int i = from; i < limit; i++) {
            if (bytes[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private boolean fill() throws IOException {
        buffer.clear();
        int read = channel.read(buffer, position);
        buffer.flip();
        return read > 0;
    }

    /** Decodes a line, without the {@code \r} of a {@code \r\n} terminator. */
    private String decode(byte[] bytes, int offset, int length) {
        int text = length > 0 && bytes[offset + length - 1] == '\r' ? length - 1 : length;
        return new String(bytes, offset, text, charset);
    }

    @Override
    public void update(ExecutionContext context) {
        context.putLong(POSITION_KEY, position);
    }

    @Override
    public void close() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                throw new ItemStreamException("Cannot close " + file, e);
            } finally {
                channel = null;
            }
        }
    }
}
