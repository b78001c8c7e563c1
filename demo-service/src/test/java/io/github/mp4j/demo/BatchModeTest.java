package io.github.mp4j.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mp4j.demo.job.JobState;
import io.github.mp4j.demo.job.JobView;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** Batch mode, the default: one job, one line of output, exit code 0, no web server. */
@ExtendWith(OutputCaptureExtension.class)
class BatchModeTest {

    @Test
    void runsTheConfiguredJobPrintsItsResultAndExitsWithZero(CapturedOutput output) throws Exception {
        SpringApplication application = new SpringApplicationBuilder(DemoApplication.class)
                .listeners(new WebServerInServiceModeOnly()).build();
        ConfigurableApplicationContext context = application.run("--demo.batch.params.limit=300000",
                "--demo.batch.params.ranges=30", "--server.port=0");
        List<ProcessHandle> workers = ProcessHandle.current().children().toList();
        try {
            assertThat(context).isNotInstanceOf(WebServerApplicationContext.class);
            assertThat(output.getOut()).containsPattern(
                    "(?m)^demo job primes-below-300000: result=25997, tasks=30, \\d+ tasks/s, workers=2, \\d+\\.\\d\\d s$");
        } finally {
            assertThat(SpringApplication.exit(context)).isZero();
        }
        assertThat(workers).hasSize(2);
        for (ProcessHandle worker : workers) {
            worker.onExit().get(DemoClient.PATIENCE.toSeconds(), TimeUnit.SECONDS);
        }
    }

    @Test
    void aJobThatCannotRunIsExplainedAndExitsWithOne(CapturedOutput output) {
        ConfigurableApplicationContext context = new SpringApplicationBuilder(DemoApplication.class)
                .listeners(new WebServerInServiceModeOnly()).run("--demo.batch.job=fibonacci");
        assertThat(SpringApplication.exit(context)).isEqualTo(1);
        assertThat(output.getOut()).contains("demo job fibonacci: cannot run it: no job type 'fibonacci'; there are"
                + " [batch-sales, csv-sales, pi, primes]");
    }

    @Test
    void theSummaryLineSaysWhatRanAndHowFast() {
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        JobView view = new JobView("job-1", "primes", "primes-below-2000000", Map.of(), JobState.SUCCEEDED, "done", 200,
                200, 100, 200, 800.4, 200, start, start, start.plusMillis(250), 148_933L, Map.of(), null);
        assertThat(BatchRunner.summary(view, 2))
                .isEqualTo("demo job primes-below-2000000: result=148933, tasks=200, 800 tasks/s, workers=2, 0.25 s");
    }
}
