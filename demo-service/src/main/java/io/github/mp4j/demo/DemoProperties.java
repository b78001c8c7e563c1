package io.github.mp4j.demo;

import java.nio.file.Path;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The demo's own settings ({@code demo.*}); the pool's are {@code mp.*}.
 *
 * @param mode {@code batch}: run {@code demo.batch}'s job, print its result and exit;
 *     {@code service}: keep serving the REST API and the web page
 * @param workDir where jobs keep their data sets; by default {@code mp4j-demo} in the temporary directory
 * @param batch the job that batch mode runs
 */
@ConfigurationProperties("demo")
public record DemoProperties(@DefaultValue("batch") Mode mode, Path workDir, @DefaultValue Batch batch) {

    // workDir's default depends on the machine, so it is set here rather than with @DefaultValue
    public DemoProperties {
        workDir = workDir != null ? workDir : Path.of(System.getProperty("java.io.tmpdir"), "mp4j-demo");
    }

    /** How the application runs. */
    public enum Mode {
        /** Run one job, print its result and exit. */
        BATCH,
        /** Serve the REST API and the web page until stopped. */
        SERVICE
    }

    /**
     * The job batch mode runs.
     *
     * @param job the job type's name
     * @param params its parameters; missing ones take the job type's defaults
     */
    public record Batch(@DefaultValue("primes") String job, Map<String, String> params) {

        // no params: every parameter takes the job type's default
        public Batch {
            params = params != null ? Map.copyOf(params) : Map.of();
        }
    }
}
