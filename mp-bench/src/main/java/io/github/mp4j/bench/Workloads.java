package io.github.mp4j.bench;

import java.util.List;

/**
 * Every workload, in the order of the Python suite's {@code WORKLOADS}. To add one, write a class
 * with a {@code static void run(Suite)} like {@link QueueSmallMessages} and add it here at its
 * Python position. A workload only mp4j has ({@code pool_cpu_vs_forkjoin},
 * {@code pool_small_behind_big_ms}) sits after the one it extends.
 */
final class Workloads {

    /** The workloads. */
    static final List<Workload> ALL = List.of(
            new Workload("spawn_start_join_ms", SpawnStartJoin::run),
            new Workload("pool_startup_ms", PoolStartup::run),
            new Workload("pool_restart_ms", PoolRestart::run),   // python_extra_bench.py
            new Workload("pool_map_tiny_tasks_per_s", PoolMapTiny::run),
            new Workload("pool_map_tiny_chunk1_tasks_per_s", PoolMapTiny::runChunk1),
            new Workload("pool_cpu_speedup", PoolCpu::run),     // also records pool_cpu_parallel_s
            new Workload("pool_cpu_vs_forkjoin", PoolCpuVsForkJoin::run),
            new Workload("cluster_cpu_vs_local", ClusterBench::runCpu),
            new Workload("apply_async_tasks_per_s", ApplyAsync::run),
            new Workload("cluster_apply_async_tasks_per_s", ClusterBench::runApplyAsync),
            new Workload("cluster_map_tiny_tasks_per_s", ClusterBench::runMapTiny),
            new Workload("pool_small_behind_big_ms", PoolSmallBehindBig::run),
            new Workload("imap_unordered_tasks_per_s", ImapUnordered::run),
            new Workload("queue_small_msgs_per_s", QueueSmallMessages::run),
            new Workload("queue_1mib_mb_per_s", QueueLargePayloads::run),
            new Workload("queue_fanout_msgs_per_s", QueueFanout::run),   // python_extra_bench.py
            new Workload("pipe_roundtrip_us", PipeRoundTrip::run),
            new Workload("pipe_bytes_1mib_mb_per_s", PipeBytes::run),
            new Workload("remote_listener_roundtrip_us", RemoteListenerRoundTrip::run),   // mp4j only: TCP
            new Workload("value_locked_increments_per_s", ValueLocked::run),
            new Workload("lock_handoff_us", LockHandoff::run),
            new Workload("lock_idle_waiter_cpu_pct", LockIdleWaiter::run),
            new Workload("array_sum_shared_mb_per_s", ArraySumShared::run),
            new Workload("manager_dict_ops_per_s", ManagerDict::run),
            new Workload("manager_startup_ms", ManagerStartup::run),
            new Workload("remote_manager_dict_ops_per_s", RemoteManagerDict::run),          // mp4j only: TCP
            new Workload("remote_manager_dict_ops_tls_per_s", RemoteManagerDict::runTls),   // mp4j only: TCP + TLS
            new Workload("shared_memory_attach_us", SharedMemoryAttach::run),
            new Workload("process_rss_mb", ProcessRss::run),
            new Workload("batch_partitioned_rows_per_s", BatchPartitioned::run),          // mp4j only: Spring Batch
            new Workload("batch_partitioned_vs_threads", BatchPartitioned::runVsThreads));

    private Workloads() {
    }

    /** @return the names, in order */
    static List<String> names() {
        return ALL.stream().map(Workload::name).toList();
    }
}
