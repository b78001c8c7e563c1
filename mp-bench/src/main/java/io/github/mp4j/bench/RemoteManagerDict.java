package io.github.mp4j.bench;

import static io.github.mp4j.bench.Checks.check;

import io.github.mp4j.connection.Address;
import io.github.mp4j.connection.ConnectionOptions;
import io.github.mp4j.connection.TlsSettings;
import io.github.mp4j.manager.ManagedMap;
import io.github.mp4j.manager.Manager;
import io.github.mp4j.manager.ManagerOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * {@code remote_manager_dict_ops_per_s} and {@code remote_manager_dict_ops_tls_per_s}:
 * {@code manager_dict_ops}' workload against a manager on TCP loopback, from a child JVM that
 * connects by address and key (and TLS).
 */
final class RemoteManagerDict {

    private static final String NOTE = """
            manager_dict_ops' workload over TCP: a manager serving on tcp:127.0.0.1 (in the bench JVM) with
            its own key, its map proxy driven from a child JVM that calls Manager.connect(address, key%s):
            20_000 d.put(i, i) then 20_000 d.get(i). ops/s over the 40_000 operations. Start-up, connect
            and the first call (d.size()) are not timed.""";
    private static final byte[] KEY = "mp4j bench remote manager key 01".getBytes(StandardCharsets.US_ASCII);
    private static final String PASSWORD = "mp4j-bench";

    private RemoteManagerDict() {
    }

    static void run(Suite suite) throws Exception {
        try (Manager manager = Manager.start(options(ConnectionOptions.DEFAULT))) {
            suite.bench("remote_manager_dict_ops_per_s", "ops/s", Better.HIGHER, NOTE.formatted(""),
                    () -> once(manager, null));
        }
    }

    static void runTls(Suite suite) throws Exception {
        Path dir = Files.createTempDirectory("mp4j-bench-tls");
        try {
            Path keyStore = dir.resolve("server.p12");
            Path trustStore = dir.resolve("trust.p12");
            generate(dir, keyStore, trustStore);
            TlsSettings both = TlsSettings.of(keyStore, PASSWORD.toCharArray(), trustStore, PASSWORD.toCharArray());
            try (Manager manager = Manager.start(options(ConnectionOptions.DEFAULT.withTls(both)))) {
                suite.bench("remote_manager_dict_ops_tls_per_s", "ops/s", Better.HIGHER,
                        NOTE.formatted(", TLS with a self-signed EC certificate"), () -> once(manager, trustStore.toString()));
            }
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static ManagerOptions options(ConnectionOptions connection) {
        return ManagerOptions.builder().inProcess(true).address(Address.tcp("127.0.0.1", 0)).authKey(KEY)
                .connectionOptions(connection).build();
    }

    private static Measurement once(Manager manager, String trustStore) throws Exception {
        int n = Sizes.MANAGER_DICT_N;
        ManagedMap<Integer, Integer> d = manager.map();
        String address = manager.address().toString();
        TimedRun<Void> run = TimedChildren.of(() -> ManagerDictOps.ops(d, n))
                .prepare(() -> connect(address, trustStore, d)).run();
        long total = (Long) run.childResults().get(0);
        check(total == (long) n * (n - 1) / 2, "sum of reads " + total);
        check(d.size() == n, "len(d) = " + d.size());
        manager.release(d);
        return Measurement.of(2.0 * n / run.seconds());
    }

    private static Object connect(String address, String trustStore, ManagedMap<Integer, Integer> d) {
        ConnectionOptions options = trustStore == null ? ConnectionOptions.DEFAULT : ConnectionOptions.DEFAULT.withTls(
                TlsSettings.of(null, null, Path.of(trustStore), PASSWORD.toCharArray()));
        Manager.connect(Address.parse(address), KEY, options);
        return d.size();
    }

    private static void generate(Path dir, Path keyStore, Path trustStore) throws IOException, InterruptedException {
        Path certificate = dir.resolve("server.cer");
        keytool("-genkeypair", "-alias", "mp4j", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=mp4j-bench",
                "-ext", "SAN=ip:127.0.0.1", "-validity", "2", "-keystore", keyStore.toString(), "-storetype", "PKCS12",
                "-storepass", PASSWORD, "-keypass", PASSWORD);
        keytool("-exportcert", "-alias", "mp4j", "-keystore", keyStore.toString(), "-storepass", PASSWORD,
                "-file", certificate.toString());
        keytool("-importcert", "-noprompt", "-alias", "mp4j", "-file", certificate.toString(), "-keystore",
                trustStore.toString(), "-storetype", "PKCS12", "-storepass", PASSWORD);
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IOException("keytool failed: " + output);
        }
    }
}
