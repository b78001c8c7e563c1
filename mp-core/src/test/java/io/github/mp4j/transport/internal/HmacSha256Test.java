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
    void noncesAreFreshEachTime() {
        assertThat(HmacSha256.nonce(32)).hasSize(32).isNotEqualTo(HmacSha256.nonce(32));
    }
}
