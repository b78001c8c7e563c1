package io.github.mp4j.bench;

/** Workload sizes, fixed by the benchmark specification: the same constants as the Python suite. */
final class Sizes {

    /** MB in every unit is MiB. */
    static final int MB = 1 << 20;

    static final int SPAWN_JOIN_PROCS = 20;
    static final int MAP_TINY_N = 1_000_000;
    static final int MAP_CHUNK1_N = 20_000;
    static final int PRIMES_LIMIT = 3_000_000;
    static final int PRIMES_RANGES = 64;
    /** pi(3_000_000). */
    static final int PRIMES_BELOW_LIMIT = 216_816;
    static final int APPLY_ASYNC_N = 10_000;
    static final int IMAP_N = 200_000;
    static final int IMAP_CHUNKSIZE = 256;
    static final int QUEUE_SMALL_N = 200_000;
    static final int QUEUE_BIG_N = 300;
    /** Messages each of queue_fanout's 4 producers puts (mp4j's extra workload, and python_extra_bench.py's). */
    static final int FANOUT_PER_PRODUCER = 50_000;
    static final int PIPE_ROUNDTRIPS = 20_000;
    static final int PIPE_BLOCKS = 500;
    /** Locked increments per process, 2 processes. */
    static final int VALUE_INCREMENTS = 100_000;
    static final int ARRAY_LEN = 10_000_000;
    /** mp4j only: hand-offs measured per lock_handoff_us run. */
    static final int LOCK_HANDOFFS = 200;
    /** mp4j only: how long lock_idle_waiter_cpu_pct watches a parked waiter. */
    static final int IDLE_WAIT_SECONDS = 10;
    /** 1 MiB payloads. */
    static final int BLOCK_SIZE = 1 << 20;
    /** manager_dict_ops: writes, then as many reads. */
    static final int MANAGER_DICT_N = 20_000;
    static final int SHM_ATTACHES = 1000;
    static final int SHM_SIZE = 1 << 20;

    private Sizes() {
    }
}
