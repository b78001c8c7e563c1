package io.github.mp4j;

import io.github.mp4j.connection.TlsSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A key store and a trust store made for one test class by the running JDK's {@code keytool}: a
 * self-signed EC certificate for the loopback address and the given extra addresses.
 *
 * @param keyStore the listener's certificate and key
 * @param trustStore the certificate, for connecting sides
 */
public record TestTls(Path keyStore, Path trustStore) {

    /** The password of both stores. */
    public static final String PASSWORD = "mp4j-test";

    /**
     * @param dir where to write the stores
     * @param extraIps more IP addresses the certificate names
     * @return the stores
     * @throws IOException if keytool fails
     * @throws InterruptedException if interrupted while keytool runs
     */
    public static TestTls generate(Path dir, String... extraIps) throws IOException, InterruptedException {
        Path keyStore = dir.resolve("server.p12");
        Path certificate = dir.resolve("server.cer");
        Path trustStore = dir.resolve("trust.p12");
        StringBuilder san = new StringBuilder("SAN=ip:127.0.0.1,dns:localhost");
        for (String ip : extraIps) {
            san.append(",ip:").append(ip);
        }
        keytool("-genkeypair", "-alias", "mp4j", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=mp4j-test",
                "-ext", san.toString(), "-validity", "2", "-keystore", keyStore.toString(), "-storetype", "PKCS12",
                "-storepass", PASSWORD, "-keypass", PASSWORD);
        keytool("-exportcert", "-alias", "mp4j", "-keystore", keyStore.toString(), "-storepass", PASSWORD,
                "-file", certificate.toString());
        keytool("-importcert", "-noprompt", "-alias", "mp4j", "-file", certificate.toString(), "-keystore",
                trustStore.toString(), "-storetype", "PKCS12", "-storepass", PASSWORD);
        return new TestTls(keyStore, trustStore);
    }

    /** @return the listener's settings */
    public TlsSettings server() {
        return TlsSettings.of(keyStore, PASSWORD.toCharArray(), null, null);
    }

    /** @return a connecting side's settings */
    public TlsSettings client() {
        return clientSettings(trustStore, PASSWORD);
    }

    /**
     * @param trustStore a trust store
     * @param password its password
     * @return a connecting side's settings
     */
    public static TlsSettings clientSettings(Path trustStore, String password) {
        return TlsSettings.of(null, null, trustStore, password.toCharArray());
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IOException("keytool " + String.join(" ", args) + " failed: " + output);
        }
    }
}
