package io.github.mp4j.pool.internal;

import io.github.mp4j.pool.CallOptions;
import io.github.mp4j.pool.PoolConfig;

/**
 * What a call's {@link CallOptions} decided, with the pool's {@link PoolConfig} filling in what
 * they left unset: what the scheduler, the supervisor and the watchdog need of each call.
 *
 * @param label the call's label, {@link CallOptions#UNLABELLED} if none was given
 * @param priority its weight against other calls, at least 1
 * @param retries how many times a task whose worker died is run again
 * @param taskTimeoutNanos the longest one of its tasks may run, or 0 for no limit
 */
record CallSettings(String label, int priority, int retries, long taskTimeoutNanos) {

    static CallSettings of(CallOptions options, PoolConfig pool) {
        return new CallSettings(options.label(), options.priority(), options.retries(pool),
                options.taskTimeout(pool).toNanos());
    }
}
