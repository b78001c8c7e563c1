package io.github.mp4j.bench;

import io.github.mp4j.pool.PoolConfig;
import io.github.mp4j.pool.ProcessPool;

/** The pools of the pool workloads: Python's {@code ctx.Pool(2)} and {@code worker_pool}. */
final class Pools {

    static final int PROCESSES = 2;

    /** One workload's use of a pool. */
    @FunctionalInterface
    interface Body {
        void run(ProcessPool pool) throws Exception;
    }

    private Pools() {
    }

    /** @return a new pool of {@link #PROCESSES} worker JVMs, as {@code ctx.Pool(2)} */
    static ProcessPool create() {
        return ProcessPool.create(PoolConfig.custom().processes(PROCESSES).build());
    }

    /**
     * Python's {@code worker_pool}: one pool for the body (a workload's warm-up and measured
     * runs), closed and joined after it, or terminated and joined if it throws.
     *
     * @param body what to run on the pool
     * @throws Exception whatever the body throws
     */
    static void with(Body body) throws Exception {
        ProcessPool pool = create();
        boolean finished = false;
        try {
            body.run(pool);
            finished = true;
        } finally {
            if (finished) {
                pool.close();
            } else {
                pool.terminate();
                pool.join();
            }
        }
    }
}
