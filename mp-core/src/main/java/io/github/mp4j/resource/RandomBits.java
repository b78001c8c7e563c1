package io.github.mp4j.resource;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.security.SecureRandom;

/**
 * Unpredictable bits for names and nonces, read from {@code /dev/urandom}: the source the JDK's
 * own {@code NativePRNG} ({@code SecureRandom}'s default on Linux) reads. Reading the file directly
 * spares every child JVM the start of the JDK's security providers, which a first
 * {@code new SecureRandom()} pays (about 10 ms of CPU, on the start path of every worker and
 * manager JVM). Where the file does not exist, {@link SecureRandom} does the same job.
 */
public final class RandomBits {

    private static final String URANDOM = "/dev/urandom";

    private RandomBits() {
    }

    /**
     * @param count how many bytes
     * @return that many unpredictable bytes
     */
    public static byte[] bytes(int count) {
        byte[] bytes = new byte[count];
        try (InputStream random = new FileInputStream(URANDOM)) {
            if (random.readNBytes(bytes, 0, count) == count) {
                return bytes;
            }
        } catch (IOException e) {
            // no /dev/urandom here: the JDK's generator does the same job, only slower to start
        }
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }

    /** @return an unpredictable {@code long} */
    public static long nextLong() {
        return ByteBuffer.wrap(bytes(Long.BYTES)).getLong();
    }
}
