package io.github.mp4j.transport.internal;

import io.github.mp4j.resource.RandomBits;

/**
 * HMAC-SHA256 (RFC 2104 over FIPS 180-4) and random nonces, for the {@link Handshake}.
 *
 * <p>Why not {@code javax.crypto.Mac}: its first use initializes the JDK's security providers,
 * and every worker JVM authenticates as it starts. Measured again on 2026-12-07 (a fresh JVM, the
 * first {@code Mac.getInstance("HmacSHA256")}, {@code init} and {@code doFinal}, medians of five
 * on a loaded 2-core machine): JDK 17 about 230 ms with the default CDS archive and about 190 ms
 * with a dynamic archive that holds the provider classes (as the pool's does); JDK 25 about
 * 180 ms, and about 150 ms with an AOT cache trained on it. This class costs 3 ms without an
 * archive (about 15 ms with one, where the archive's mapping dominates). An archive saves the
 * class loading but not the providers' initialization, so the cost is not gone, and the handshake
 * keeps this class. TLS uses the JDK's providers in any case. The output
 * is checked against {@code javax.crypto.Mac} (fixed and random inputs) and the RFC 4231 test
 * vectors in the tests.
 *
 * <p>Nonces come from {@link RandomBits}: {@code /dev/urandom}, the operating system's
 * cryptographic generator and the source the JDK's own {@code NativePRNG} reads, or
 * {@code SecureRandom} where that file does not exist. Reading the file directly spares the
 * provider start-up above. A nonce never repeats in practice: 256 unpredictable bits make a
 * repeat among 2<sup>64</sup> handshakes less likely than 2<sup>-128</sup>, so an answer recorded
 * from one handshake is never the answer to another ({@code Handshake} explains the replay).
 * A counter would not do: nonces must also be unpredictable, or a peer could ask a victim for
 * the answer to a future challenge ahead of time.
 */
public final class HmacSha256 {

    public static final int LENGTH = 32;
    private static final int BLOCK = 64;

    private static final int[] K = {
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
        0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
        0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
        0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
        0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
        0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
    };

    private static final int[] H0 = {
        0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
    };

    private HmacSha256() {
    }

    /**
     * @param key the key
     * @param parts the message, as consecutive parts
     * @return HMAC-SHA256 of the concatenated parts
     */
    public static byte[] mac(byte[] key, byte[]... parts) {
        byte[] block = key.length > BLOCK ? sha256(key) : key;
        byte[] inner = new byte[BLOCK];
        byte[] outer = new byte[BLOCK];
        for (int i = 0; i < BLOCK; i++) {
            byte k = i < block.length ? block[i] : 0;
            inner[i] = (byte) (k ^ 0x36);
            outer[i] = (byte) (k ^ 0x5c);
        }
        byte[][] innerParts = new byte[parts.length + 1][];
        innerParts[0] = inner;
        System.arraycopy(parts, 0, innerParts, 1, parts.length);
        return sha256(outer, sha256(innerParts));
    }

    /**
     * @param parts the message, as consecutive parts
     * @return SHA-256 of the concatenated parts
     */
    public static byte[] sha256(byte[]... parts) {
        long length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        int padded = (int) ((length + 9 + BLOCK - 1) / BLOCK * BLOCK);
        byte[] message = new byte[padded];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, message, at, part.length);
            at += part.length;
        }
        message[at] = (byte) 0x80;
        long bits = length * 8;
        for (int i = 0; i < 8; i++) {
            message[padded - 1 - i] = (byte) (bits >>> (8 * i));
        }
        int[] h = H0.clone();
        int[] w = new int[64];
        for (int offset = 0; offset < padded; offset += BLOCK) {
            compress(h, w, message, offset);
        }
        byte[] digest = new byte[LENGTH];
        for (int i = 0; i < 8; i++) {
            digest[4 * i] = (byte) (h[i] >>> 24);
            digest[4 * i + 1] = (byte) (h[i] >>> 16);
            digest[4 * i + 2] = (byte) (h[i] >>> 8);
            digest[4 * i + 3] = (byte) h[i];
        }
        return digest;
    }

    private static void compress(int[] h, int[] w, byte[] message, int offset) {
        for (int t = 0; t < 16; t++) {
            int i = offset + 4 * t;
            w[t] = (message[i] & 0xff) << 24 | (message[i + 1] & 0xff) << 16 | (message[i + 2] & 0xff) << 8
                    | (message[i + 3] & 0xff);
        }
        for (int t = 16; t < 64; t++) {
            int s0 = Integer.rotateRight(w[t - 15], 7) ^ Integer.rotateRight(w[t - 15], 18) ^ (w[t - 15] >>> 3);
            int s1 = Integer.rotateRight(w[t - 2], 17) ^ Integer.rotateRight(w[t - 2], 19) ^ (w[t - 2] >>> 10);
            w[t] = w[t - 16] + s0 + w[t - 7] + s1;
        }
        int a = h[0];
        int b = h[1];
        int c = h[2];
        int d = h[3];
        int e = h[4];
        int f = h[5];
        int g = h[6];
        int hh = h[7];
        for (int t = 0; t < 64; t++) {
            int s1 = Integer.rotateRight(e, 6) ^ Integer.rotateRight(e, 11) ^ Integer.rotateRight(e, 25);
            int choose = (e & f) ^ (~e & g);
            int temp1 = hh + s1 + choose + K[t] + w[t];
            int s0 = Integer.rotateRight(a, 2) ^ Integer.rotateRight(a, 13) ^ Integer.rotateRight(a, 22);
            int majority = (a & b) ^ (a & c) ^ (b & c);
            int temp2 = s0 + majority;
            hh = g;
            g = f;
            f = e;
            e = d + temp1;
            d = c;
            c = b;
            b = a;
            a = temp1 + temp2;
        }
        h[0] += a;
        h[1] += b;
        h[2] += c;
        h[3] += d;
        h[4] += e;
        h[5] += f;
        h[6] += g;
        h[7] += hh;
    }

    /**
     * @param bytes how many random bytes
     * @return that many bytes from the operating system's random source
     */
    public static byte[] nonce(int bytes) {
        return RandomBits.bytes(bytes);
    }
}
