package io.github.mp4j.transport.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class HmacSha256Test {

    private static final HexFormat HEX = HexFormat.of();

    @Test
    void matchesTheJdkForEveryMessageAndKeyLengthAroundTheBlockBoundaries() throws Exception {
        Random random = new Random(42);
        for (int keyLength : new int[] {1, 16, 32, 63, 64, 65, 200}) {
            for (int length = 0; length < 300; length++) {
                byte[] key = new byte[keyLength];
                byte[] first = new byte[length / 3];
                byte[] second = new byte[length - first.length];
                random.nextBytes(key);
                random.nextBytes(first);
                random.nextBytes(second);
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(key, "HmacSHA256"));
                mac.update(first);
                assertThat(HmacSha256.mac(key, first, second)).isEqualTo(mac.doFinal(second));
                MessageDigest sha = MessageDigest.getInstance("SHA-256");
                sha.update(first);
                assertThat(HmacSha256.sha256(first, second)).isEqualTo(sha.digest(second));
            }
        }
    }

    @Test
    void rfc4231TestCases1And2() {
        byte[] key1 = HEX.parseHex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b");
        assertThat(HEX.formatHex(HmacSha256.mac(key1, "Hi There".getBytes(StandardCharsets.US_ASCII))))
                .isEqualTo("b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
        assertThat(HEX.formatHex(HmacSha256.mac("Jefe".getBytes(StandardCharsets.US_ASCII),
                "what do ya want for nothing?".getBytes(StandardCharsets.US_ASCII))))
                .isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    }

    @Test
    void rfc4231TestCases3To7() {
        assertThat(hex(HmacSha256.mac(repeat(0xaa, 20), repeat(0xdd, 50))))
                .isEqualTo("773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe");
        assertThat(hex(HmacSha256.mac(HEX.parseHex("0102030405060708090a0b0c0d0e0f10111213141516171819"), repeat(0xcd, 50))))
                .isEqualTo("82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b");
        assertThat(hex(HmacSha256.mac(repeat(0x0c, 20), ascii("Test With Truncation"))))
                .as("case 5 compares the first 128 bits").startsWith("a3b6167473100ee06e0c796c2955552b");
        assertThat(hex(HmacSha256.mac(repeat(0xaa, 131), ascii("Test Using Larger Than Block-Size Key - Hash Key First"))))
                .isEqualTo("60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
        assertThat(hex(HmacSha256.mac(repeat(0xaa, 131), ascii("This is a test using a larger than block-size key and a"
                + " larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm."))))
                .isEqualTo("9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2");
    }

    @Test
    void matchesTheJdkOnRandomKeysAndMessages() throws Exception {
        java.security.SecureRandom random = new java.security.SecureRandom();
        for (int i = 0; i < 500; i++) {
            byte[] key = new byte[1 + random.nextInt(300)];
            byte[] message = new byte[random.nextInt(1000)];
            random.nextBytes(key);
            random.nextBytes(message);
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            assertThat(HmacSha256.mac(key, message)).as("key %s, message %s", hex(key), hex(message))
                    .isEqualTo(mac.doFinal(message));
        }
    }

    @Test
    void noncesDoNotRepeat() {
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            assertThat(seen.add(hex(HmacSha256.nonce(32)))).as("nonce #%d is new", i).isTrue();
        }
    }

    private static String hex(byte[] bytes) {
        return HEX.formatHex(bytes);
    }

    private static byte[] repeat(int value, int count) {
        byte[] bytes = new byte[count];
        java.util.Arrays.fill(bytes, (byte) value);
        return bytes;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void noncesAreFreshEachTime() {
        assertThat(HmacSha256.nonce(32)).hasSize(32).isNotEqualTo(HmacSha256.nonce(32));
    }
}
