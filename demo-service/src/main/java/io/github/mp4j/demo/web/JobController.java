package io.github.mp4j.demo.web;

import io.github.mp4j.demo.job.Job;
import io.github.mp4j.demo.job.JobService;
import io.github.mp4j.demo.job.JobView;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.core.task.TaskExecutor;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Jobs over REST.
 * <ul>
 *   <li>{@code GET /api/job-types}: what can run, with parameters and defaults</li>
 *   <li>{@code POST /api/jobs} {@code {"type": "primes", "params": {"limit": 2000000}}}: starts a job (202, Location)</li>
 *   <li>{@code GET /api/jobs}, {@code GET /api/jobs/{id}}: state, progress, throughput and result</li>
 *   <li>{@code GET /api/jobs/{id}/results}: the partial results as they come, as NDJSON: one
 *       {@code {"type":"chunk","index":n,"value":...}} line per result, then one
 *       {@code {"type":"end","job":...}} line with the finished job</li>
 * </ul>
 */
@RestController
@RequestMapping("/api")
public class JobController {

    /** Newline-delimited JSON. */
    public static final MediaType NDJSON = MediaType.parseMediaType("application/x-ndjson");

    private static final Duration STREAM_POLL = Duration.ofSeconds(1);

    private final JobService jobs;
    private final JsonMapper json;
    private final TaskExecutor streams;

    /**
     * @param jobs runs the jobs
     * @param json writes the result stream
     * @param streams runs the result streams, one task per client while its job runs (the
     *     executor Spring MVC runs asynchronous requests on)
     */
    public JobController(JobService jobs, JsonMapper json,
                         @Qualifier(TaskExecutionAutoConfiguration.APPLICATION_TASK_EXECUTOR_BEAN_NAME) TaskExecutor streams) {
        this.jobs = jobs;
        this.json = json;
        this.streams = streams;
    }

    @GetMapping("/job-types")
    List<JobTypeView> types() {
        return jobs.types().stream().map(JobTypeView::of).toList();
    }

    @PostMapping("/jobs")
    ResponseEntity<JobView> submit(@RequestBody JobRequest request) {
        if (request.type() == null || request.type().isBlank()) {
            throw new IllegalArgumentException("type is required; GET /api/job-types lists the job types");
        }
        Job job = jobs.submit(request.type(), request.params());
        return ResponseEntity.accepted().location(URI.create("/api/jobs/" + job.id())).body(job.view());
    }

    @GetMapping("/jobs")
    List<JobView> list() {
        return jobs.recent().stream().map(Job::view).toList();
    }

    @GetMapping("/jobs/{id}")
    JobView get(@PathVariable String id) {
        return jobs.get(id).view();
    }

    /**
     * Cancels a queued or running job: its pool calls stop, and it ends as {@code CANCELLED}
     * (at once if it was queued, as soon as its thread notices if it was running). A finished job
     * stays as it is.
     */
    @PostMapping("/jobs/{id}/cancel")
    ResponseEntity<JobView> cancel(@PathVariable String id) {
        return ResponseEntity.accepted().body(jobs.cancel(id).view());
    }

    @GetMapping(value = "/jobs/{id}/results", produces = "application/x-ndjson")
    ResponseEntity<ResponseBodyEmitter> results(@PathVariable String id) {
        Job job = jobs.get(id);
        ResponseBodyEmitter emitter = new ResponseBodyEmitter();
        ResultStream stream = new ResultStream(job, emitter);
        emitter.onCompletion(stream::stop);
        emitter.onTimeout(stream::stop);
        emitter.onError(error -> stream.stop());
        streams.execute(stream);
        return ResponseEntity.ok().contentType(NDJSON).body(emitter);
    }

    /**
     * Copies one job's partial results to one client as they are published. Each batch of lines
     * goes out in one {@link ResponseBodyEmitter#send}, which flushes the response for real. A
     * {@code StreamingResponseBody} cannot: since Spring Framework 7 the stream it is handed
     * ({@code ServletServerHttpResponse.getBody()}) ignores {@code flush()} unless the global
     * {@code spring.http.response.flush.enabled} flag is set, so its lines, headers included,
     * waited in Tomcat's buffer until the buffer filled or the job ended.
     */
    private final class ResultStream implements Runnable {

        private final Job job;
        private final ResponseBodyEmitter emitter;
        private volatile boolean stopped;

        ResultStream(Job job, ResponseBodyEmitter emitter) {
            this.job = job;
            this.emitter = emitter;
        }

        /** The response is over (complete, timed out, or the client went away): stop at the next poll. */
        void stop() {
            stopped = true;
        }

        @Override
        public void run() {
            try {
                int sent = 0;
                while (!stopped) {
                    Job.ChunkSlice slice = job.awaitChunks(sent, STREAM_POLL);
                    ByteArrayOutputStream lines = new ByteArrayOutputStream();
                    for (Object chunk : slice.chunks()) {
                        writeLine(lines, new ChunkLine("chunk", sent++, chunk));
                    }
                    boolean end = slice.finished() && slice.chunks().isEmpty();
                    if (end) {
                        writeLine(lines, new EndLine("end", job.view()));
                    }
                    if (lines.size() > 0) {
                        emitter.send(lines.toByteArray(), NDJSON);
                    }
                    if (end) {
                        emitter.complete();
                        return;
                    }
                }
            } catch (IOException e) {
                // the client went away; Spring MVC ends the request itself
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                emitter.complete();
            } catch (RuntimeException e) {
                emitter.completeWithError(e);
            }
        }
    }

    private void writeLine(ByteArrayOutputStream out, Object value) {
        out.writeBytes(json.writeValueAsBytes(value));
        out.write('\n');
    }

    /**
     * One partial result in the stream.
     *
     * @param type {@code chunk}
     * @param index its position in the stream, from 0
     * @param value the result
     */
    record ChunkLine(String type, int index, Object value) {
    }

    /**
     * The stream's last line.
     *
     * @param type {@code end}
     * @param job the finished job
     */
    record EndLine(String type, JobView job) {
    }
}
