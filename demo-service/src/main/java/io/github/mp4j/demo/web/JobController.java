package io.github.mp4j.demo.web;

import io.github.mp4j.demo.job.Job;
import io.github.mp4j.demo.job.JobService;
import io.github.mp4j.demo.job.JobView;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
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

    /**
     * @param jobs runs the jobs
     * @param json writes the result stream
     */
    public JobController(JobService jobs, JsonMapper json) {
        this.jobs = jobs;
        this.json = json;
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

    @GetMapping(value = "/jobs/{id}/results", produces = "application/x-ndjson")
    ResponseEntity<StreamingResponseBody> results(@PathVariable String id) {
        Job job = jobs.get(id);
        StreamingResponseBody body = out -> {
            try {
                stream(job, out);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        return ResponseEntity.ok().contentType(NDJSON).body(body);
    }

    private void stream(Job job, OutputStream out) throws IOException, InterruptedException {
        int sent = 0;
        while (true) {
            Job.ChunkSlice slice = job.awaitChunks(sent, STREAM_POLL);
            for (Object chunk : slice.chunks()) {
                writeLine(out, new ChunkLine("chunk", sent++, chunk));
            }
            out.flush();
            if (slice.finished() && slice.chunks().isEmpty()) {
                break;
            }
        }
        writeLine(out, new EndLine("end", job.view()));
        out.flush();
    }

    private void writeLine(OutputStream out, Object value) throws IOException {
        out.write(json.writeValueAsBytes(value));
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
