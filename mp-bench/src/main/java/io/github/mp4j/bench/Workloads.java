package io.github.mp4j.bench;

import java.util.List;

/**
 * Every workload, in the order of the Python suite's {@code WORKLOADS}. To add one, write a class
 * with a {@code static void run(Suite)} like {@link QueueSmallMessages} and add it here at its
 * Python position.
 */
final class Workloads {

    /**
     * Still to come, at their Python positions: pool_startup_ms, pool_map_tiny_tasks_per_s,
     * pool_map_tiny_chunk1_tasks_per_s, pool_cpu_speedup, apply_async_tasks_per_s and
     * imap_unordered_tasks_per_s after spawn_start_join_ms; value_locked_increments_per_s,
     * array_sum_shared_mb_per_s, manager_dict_ops_per_s, manager_startup_ms and
     * shared_memory_attach_us before process_rss_mb.
     */
    static final List<Workload> ALL = List.of(
            new Workload("spawn_start_join_ms", SpawnStartJoin::run),
            new Workload("queue_small_msgs_per_s", QueueSmallMessages::run),
            new Workload("queue_1mib_mb_per_s", QueueLargePayloads::run),
            new Workload("pipe_roundtrip_us", PipeRoundTrip::run),
            new Workload("pipe_bytes_1mib_mb_per_s", PipeBytes::run),
            new Workload("process_rss_mb", ProcessRss::run));

    private Workloads() {
    }

    /** @return the names, in order */
    static List<String> names() {
        return ALL.stream().map(Workload::name).toList();
    }
}
