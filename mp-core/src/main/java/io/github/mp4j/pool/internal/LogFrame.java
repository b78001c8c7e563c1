package io.github.mp4j.pool.internal;

import io.github.mp4j.serial.ItemReader;
import io.github.mp4j.serial.ItemWriter;
import io.github.mp4j.serial.SerializationException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.logging.Level;

/**
 * One log record a worker sends to its pool: a {@link PoolProtocol#LOG} message.
 *
 * <pre>
 *  LOG | 15 | level (int32, java.util.logging's value) | millis (int64) |
 *      | logger (item) | thread (item) | call label (item, null if none) | thrown (item) | message (item) |
 * </pre>
 * The message is formatted in the worker (its parameters filled in), so that nothing but strings
 * has to travel; {@code thrown} is a {@link TaskFailure} carrying the exception with its stack
 * trace and causes, or {@code null}. An exception that cannot be serialized travels as its printed
 * stack trace, appended to the message.
 *
 * @param level the record's level, as {@link Level#intValue()}
 * @param millis when it was logged, in the worker
 * @param logger the worker's logger name
 * @param thread the worker thread that logged it
 * @param call the label of the call whose task logged it, or {@code null}
 * @param message the formatted message
 * @param thrown the exception logged with it, or {@code null}
 */
record LogFrame(int level, long millis, String logger, String thread, String call, String message, Throwable thrown) {

    /** @return the encoded message, ready to be written as one frame */
    byte[] encode() {
        try (ItemWriter writer = new ItemWriter(64 + message.length())) {
            writer.writeByte(PoolProtocol.LOG);
            writer.writeInt(level);
            writer.writeLong(millis);
            writer.write(logger);
            writer.write(thread);
            writer.write(call);
            if (thrown == null) {
                writer.write(null);
                writer.write(message);
            } else {
                writer.write(thrownOrTrace(writer));
            }
            return writer.toBytes();
        }
    }

    /**
     * Writes the exception and returns the message to write after it: the message, or, when the
     * exception cannot be serialized (the writer is then unchanged), the message with its trace.
     */
    private String thrownOrTrace(ItemWriter writer) {
        try {
            writer.write(new TaskFailure(thrown));
            return message;
        } catch (SerializationException e) {
            writer.write(null);
            return message + System.lineSeparator() + stackTrace(thrown);
        }
    }

    /** Prints into a string, not to the console. */
    @SuppressWarnings("checkstyle:NoConsolePrint")
    private static String stackTrace(Throwable thrown) {
        StringWriter text = new StringWriter();
        thrown.printStackTrace(new PrintWriter(text));
        return text.toString();
    }

    /**
     * @param frame a LOG message
     * @return the record it carries
     */
    static LogFrame decode(byte[] frame) {
        try (ItemReader reader = new ItemReader(frame, 1, frame.length - 1)) {
            int level = reader.readInt();
            long millis = reader.readLong();
            String logger = (String) reader.next();
            String thread = (String) reader.next();
            String call = (String) reader.next();
            Object thrown = reader.next();
            String message = (String) reader.next();
            return new LogFrame(level, millis, logger, thread, call, message,
                    thrown instanceof TaskFailure failure ? failure.error() : null);
        }
    }
}
