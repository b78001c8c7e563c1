package io.github.mp4j.micrometer;

import io.github.mp4j.pool.ProcessPool;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Binds the meters of many pools (mp-actuator: every {@link ProcessPool} bean of a context), each
 * through a {@link ProcessPoolMetrics} tagged {@value MpMeterNames#POOL_TAG} with the pool's name.
 * Two pools of one name would share their meters' identity, and a registry keeps only the first:
 * the second is tagged with the key it has in the map (its bean name) instead.
 *
 * <pre>{@code
 * new ProcessPoolsMetrics(Map.of("imports", imports, "reports", reports), CallMeterOptions.DEFAULTS).bindTo(registry);
 * }</pre>
 */
public final class ProcessPoolsMetrics implements MeterBinder, AutoCloseable {

    private final List<ProcessPoolMetrics> binders = new ArrayList<>();

    /**
     * @param pools the pools, each by a name unique among them (a bean name)
     * @param options how their calls are metered
     */
    public ProcessPoolsMetrics(Map<String, ProcessPool> pools, CallMeterOptions options) {
        Set<String> tags = new HashSet<>();
        pools.forEach((beanName, pool) -> {
            String tag = tags.add(pool.config().name()) ? pool.config().name() : beanName;
            tags.add(tag);
            binders.add(new ProcessPoolMetrics(pool, tag, options));
        });
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (ProcessPoolMetrics binder : binders) {
            binder.bindTo(registry);
        }
    }

    /** Stops the per-call meters of every pool. */
    @Override
    public void close() {
        binders.forEach(ProcessPoolMetrics::close);
    }
}
