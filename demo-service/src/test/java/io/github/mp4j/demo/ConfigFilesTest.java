package io.github.mp4j.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** The files in the repository's config/ directory agree with the demo. */
class ConfigFilesTest {

    @Test
    void rootApplicationYmlHoldsTheSameDefaultsAsTheJar() throws IOException {
        Map<String, Object> root = load(Files.newInputStream(RepositoryConfig.file("application.yml")));
        Map<String, Object> embedded = load(getClass().getResourceAsStream("/application.yml"));
        assertThat(root).isEqualTo(embedded);
        assertThat(root).extractingByKey("mp").asInstanceOf(InstanceOfAssertFactories.MAP)
                .containsEntry("processes", 2).containsEntry("retries", 1);
    }

    @Test
    void prometheusScrapesTheDemosPrometheusEndpoint() throws IOException {
        Map<String, Object> prometheus = load(Files.newInputStream(RepositoryConfig.file("prometheus.yml")));
        @SuppressWarnings("unchecked")
        Map<String, Object> job = ((List<Map<String, Object>>) prometheus.get("scrape_configs")).get(0);
        assertThat(job).containsEntry("metrics_path", "/actuator/prometheus");
        assertThat(job.get("static_configs").toString()).contains("localhost:8080");
    }

    private static Map<String, Object> load(InputStream in) throws IOException {
        try (in) {
            return new Yaml().load(in);
        }
    }
}
