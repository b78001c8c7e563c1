package io.github.mp4j.demo;

import io.github.mp4j.pool.ProcessPool;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;

/**
 * A small service on the starter that {@link GracefulShutdownTest} runs as a process of its own
 * (three workers) and stops with a signal. Once ready, it runs two kinds of work on the pool:
 * <ul>
 *   <li>a job of {@value #TASKS} tasks of {@value #TASK_MILLIS} ms, from a plain thread of its own
 *       (as the demo's job runners are): each task says when it started; the job prints its results
 *       when done. Still running when the pool's turn to stop comes, it needs the grace period; and
 *       its tasks outlast the time mp4j's exit waits for a context that is not being closed, so it
 *       also shows that mp4j's exit waited for the context's shutdown.</li>
 *   <li>an {@code @Async} method on Boot's task executor that waits for the application's shutdown
 *       to begin and then submits a task, on the worker the job leaves free: it needs the pool to
 *       stay open until the task executors have finished.</li>
 * </ul>
 *
 * <p>It is not a {@code @Configuration} (and not in a package of its own), so that the demo's
 * component scan, which covers this package in the other tests, does not pick it up.
 */
@EnableAutoConfiguration
@EnableAsync
public class ShutdownProbe {

    /** Tasks of the plain job, each on a worker of its own. */
    static final int TASKS = 2;
    /** How long each of its tasks takes. */
    static final long TASK_MILLIS = 6000;

    /**
     * @param args Spring Boot arguments
     */
    public static void main(String[] args) {
        SpringApplication.run(ShutdownProbe.class, args);
    }

    @Bean
    AsyncWork asyncWork(ProcessPool pool) {
        return new AsyncWork(pool);
    }

    @Bean
    ApplicationListener<ContextClosedEvent> releaseAsyncWork(AsyncWork asyncWork) {
        return event -> asyncWork.shutdownBegan();
    }

    @Bean
    ApplicationListener<ApplicationReadyEvent> startWork(ProcessPool pool, AsyncWork asyncWork) {
        return event -> {
            asyncWork.applyOnceShutdownBegins();
            Thread plain = new Thread(() -> plainJob(pool), "probe-plain-job");
            plain.setDaemon(true);
            plain.start();
        };
    }

    private static void plainJob(ProcessPool pool) {
        try {
            List<Integer> results = pool.map(ShutdownProbe::slowly, List.of(1, 2), 1);
            results.forEach(task -> System.out.println("plain task " + task + " done"));
            System.out.println("plain job done");
        } catch (RuntimeException e) {
            System.out.println("plain job failed: " + e);
        }
    }

    private static int slowly(int task) {
        System.out.println("plain task " + task + " started");
        try {
            Thread.sleep(TASK_MILLIS);
        } catch (InterruptedException e) {
            throw new IllegalStateException("plain task " + task + " was interrupted", e);
        }
        return task;
    }

    /** Work run on Boot's task executor. */
    public static class AsyncWork {

        private final ProcessPool pool;
        private final CountDownLatch shutdownBegan = new CountDownLatch(1);

        AsyncWork(ProcessPool pool) {
            this.pool = pool;
        }

        /** Lets {@link #applyOnceShutdownBegins()} go on. */
        public void shutdownBegan() {
            shutdownBegan.countDown();
        }

        /** @return completes once the task submitted after the shutdown began has run */
        @Async
        public CompletableFuture<Void> applyOnceShutdownBegins() {
            System.out.println("async work waits for the shutdown");
            try {
                shutdownBegan.await();
                System.out.println("async apply after the shutdown began: " + pool.apply(() -> "ok"));
            } catch (InterruptedException | RuntimeException e) {
                System.out.println("async apply after the shutdown began failed: " + e);
            }
            return CompletableFuture.completedFuture(null);
        }
    }
}
