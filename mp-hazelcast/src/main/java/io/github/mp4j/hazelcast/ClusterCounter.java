package io.github.mp4j.hazelcast;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.IMap;
import java.util.Map;

/**
 * A named {@code long} shared by every member and client of the cluster, changed atomically: each
 * change runs on the member that owns its key (an {@link IMap} entry processor), one at a time.
 * Hazelcast's open-source edition has no CP {@code IAtomicLong} (see {@link ClusterLock}); this
 * counter is as durable as the map: one synchronous backup by default, so it survives one member's
 * death, and during a split brain both sides count on and one side's changes are lost on merge.
 */
public final class ClusterCounter {

    private static final String MAP = "mp4j-counters";

    private final IMap<String, Long> counters;
    private final String name;

    private ClusterCounter(IMap<String, Long> counters, String name) {
        this.counters = counters;
        this.name = name;
    }

    /**
     * @param hazelcast a member or client of the cluster
     * @param name the counter's name; it starts at 0
     * @return a handle on the counter
     */
    public static ClusterCounter on(HazelcastInstance hazelcast, String name) {
        return new ClusterCounter(hazelcast.getMap(MAP), name);
    }

    /** @return the value now */
    public long get() {
        Long value = counters.get(name);
        return value == null ? 0 : value;
    }

    /**
     * @param delta what to add
     * @return the value after adding it
     */
    public long addAndGet(long delta) {
        return counters.executeOnKey(name, new Add(delta));
    }

    /** @return the value after adding one */
    public long incrementAndGet() {
        return addAndGet(1);
    }

    /**
     * @param expected the value it must have
     * @param update the value to set
     * @return whether it had {@code expected} and now has {@code update}
     */
    public boolean compareAndSet(long expected, long update) {
        return counters.executeOnKey(name, new CompareAndSet(expected, update));
    }

    /** Adds to the value where it lives. */
    record Add(long delta) implements EntryProcessor<String, Long, Long> {
        private static final long serialVersionUID = 1L;

        @Override
        public Long process(Map.Entry<String, Long> entry) {
            long value = (entry.getValue() == null ? 0 : entry.getValue()) + delta;
            entry.setValue(value);
            return value;
        }
    }

    /** Compares and sets the value where it lives. */
    record CompareAndSet(long expected, long update) implements EntryProcessor<String, Long, Boolean> {
        private static final long serialVersionUID = 1L;

        @Override
        public Boolean process(Map.Entry<String, Long> entry) {
            long value = entry.getValue() == null ? 0 : entry.getValue();
            if (value != expected) {
                return false;
            }
            entry.setValue(update);
            return true;
        }
    }
}
