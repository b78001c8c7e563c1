package io.github.mp4j.process.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

/**
 * The JVM flags every mp4j JVM runs with. The list is written once, in the root {@code pom.xml}
 * ({@code mp4j.jvm.opens}), which also gives it to the test JVMs; Maven copies it into
 * {@code META-INF/mp4j/jvm.properties} for worker JVMs.
 */
public final class JvmFlags {

    private static final List<String> OPENS = load();

    private JvmFlags() {
    }

    /** @return the {@code --add-opens} flags Kryo needs */
    public static List<String> opens() {
        return OPENS;
    }

    private static List<String> load() {
        try (InputStream in = JvmFlags.class.getResourceAsStream("/META-INF/mp4j/jvm.properties")) {
            if (in == null) {
                throw new IllegalStateException("META-INF/mp4j/jvm.properties is missing from mp-core's jar");
            }
            Properties properties = new Properties();
            properties.load(in);
            String opens = properties.getProperty("opens", "").trim();
            return opens.isEmpty() ? List.of() : List.copyOf(Arrays.asList(opens.split("\\s+")));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read mp4j's JVM flags", e);
        }
    }
}
