package io.github.mp4j.boot;

import io.github.mp4j.pool.PoolConfig;
import io.github.mp4j.runtime.StartMethod;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code mp.*} properties of the auto-configured {@link io.github.mp4j.pool.ProcessPool}.
 * Values are checked when the pool is created, at startup; an invalid one fails the startup with a
 * message naming the property and what it allows. Defaults are {@link PoolConfig}'s, written out
 * as literals so that they show in the generated metadata.
 */
@ConfigurationProperties("mp")
public class MpProperties {

    /** Whether to auto-configure a ProcessPool. */
    private boolean enabled = true;

    /** Name of the pool: prefix of its worker names and value of its metrics' pool tag. */
    private String name = "mp";

    /** Number of workers. By default, the CPUs this process may use (affinity and container quota aware). */
    private int processes = PoolConfig.DEFAULT_PROCESSES;

    /** Where tasks run: 'jvm' (a worker JVM each, isolated and truly parallel) or 'threads' (threads of this JVM). */
    private StartMethod startMethod = StartMethod.JVM;

    /** Tasks sent to a worker at a time by map-style calls; 0 adapts the size to measured task times. */
    private int chunkSize;

    /** Tasks after which a worker is replaced by a fresh one; 0 keeps workers for the life of the pool. */
    private int maxTasksPerChild;

    /** Longest a task may run before its worker is killed and replaced; 0 means no limit. */
    private Duration taskTimeout = Duration.ZERO;

    /** How many times a task whose worker died is run again on another worker, 0 to 10. */
    private int retries;

    /** How many inputs imap-style calls read ahead of the results taken. */
    private int readAhead = 10_000;

    /** Most tasks unfinished apply/map/starmap calls may hold together; 0 means no limit. */
    private int maxPendingTasks;

    /** How long a call waits for room under max-pending-tasks before it fails with PoolFullException; 0 fails it at once. */
    private Duration pendingWait = Duration.ZERO;

    /** How long shutdown (context close, SIGTERM, Ctrl-C) waits for submitted work to finish before the workers are killed. */
    private Duration shutdownGracePeriod = Duration.ofSeconds(30);

    /** How worker JVMs are started (start method 'jvm'). */
    private final Jvm jvm = new Jvm();

    /** The pool as a Spring AsyncTaskExecutor, for @Async methods. */
    private final TaskExecutor taskExecutor = new TaskExecutor();

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public int getProcesses() {
        return processes;
    }

    public void setProcesses(int processes) {
        this.processes = processes;
    }

    public StartMethod getStartMethod() {
        return startMethod;
    }

    public void setStartMethod(StartMethod startMethod) {
        this.startMethod = startMethod;
    }

    public int getChunkSize() {
        return chunkSize;
    }

    public void setChunkSize(int chunkSize) {
        this.chunkSize = chunkSize;
    }

    public int getMaxTasksPerChild() {
        return maxTasksPerChild;
    }

    public void setMaxTasksPerChild(int maxTasksPerChild) {
        this.maxTasksPerChild = maxTasksPerChild;
    }

    public Duration getTaskTimeout() {
        return taskTimeout;
    }

    public void setTaskTimeout(Duration taskTimeout) {
        this.taskTimeout = taskTimeout;
    }

    public int getRetries() {
        return retries;
    }

    public void setRetries(int retries) {
        this.retries = retries;
    }

    public int getReadAhead() {
        return readAhead;
    }

    public void setReadAhead(int readAhead) {
        this.readAhead = readAhead;
    }

    public int getMaxPendingTasks() {
        return maxPendingTasks;
    }

    public void setMaxPendingTasks(int maxPendingTasks) {
        this.maxPendingTasks = maxPendingTasks;
    }

    public Duration getPendingWait() {
        return pendingWait;
    }

    public void setPendingWait(Duration pendingWait) {
        this.pendingWait = pendingWait;
    }

    public Duration getShutdownGracePeriod() {
        return shutdownGracePeriod;
    }

    public void setShutdownGracePeriod(Duration shutdownGracePeriod) {
        this.shutdownGracePeriod = shutdownGracePeriod;
    }

    public Jvm getJvm() {
        return jvm;
    }

    public TaskExecutor getTaskExecutor() {
        return taskExecutor;
    }

    /** The {@code mp.task-executor.*} properties: the pool as the {@code mpTaskExecutor} bean. */
    public static class TaskExecutor {

        /** Whether to create the 'mpTaskExecutor' AsyncTaskExecutor bean, so that @Async("mpTaskExecutor") methods run in the pool. */
        private boolean enabled;

        /** Label of the calls the executor makes: their tag in per-call metrics and events. */
        private String label = "async";

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public String getLabel() {
            return label;
        }

        public void setLabel(String label) {
            this.label = label;
        }
    }

    /** The {@code mp.jvm.*} properties: how worker JVMs are started. */
    public static class Jvm {

        /** Path of the 'java' launcher of worker JVMs (checked at startup). By default, the one running this application. */
        private Path javaExecutable;

        /** Maximum heap of each worker JVM, such as 512m or 2g. By default, the JVM's own default. */
        private String maxHeap;

        /** Extra arguments of each worker JVM, such as -XX:+UseParallelGC; they come after mp4j's own, so they win. */
        private List<String> args = new ArrayList<>();

        /** Whether worker JVMs may use a class-data-sharing archive that mp4j creates once, for faster starts. */
        private boolean classDataSharing = true;

        public Path getJavaExecutable() {
            return javaExecutable;
        }

        public void setJavaExecutable(Path javaExecutable) {
            this.javaExecutable = javaExecutable;
        }

        public String getMaxHeap() {
            return maxHeap;
        }

        public void setMaxHeap(String maxHeap) {
            this.maxHeap = maxHeap;
        }

        public List<String> getArgs() {
            return args;
        }

        public void setArgs(List<String> args) {
            this.args = args;
        }

        public boolean isClassDataSharing() {
            return classDataSharing;
        }

        public void setClassDataSharing(boolean classDataSharing) {
            this.classDataSharing = classDataSharing;
        }
    }
}
