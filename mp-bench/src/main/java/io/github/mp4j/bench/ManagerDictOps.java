package io.github.mp4j.bench;

import io.github.mp4j.manager.ManagedMap;

/** The child's part of {@code manager_dict_ops} and its remote variants. */
final class ManagerDictOps {

    private ManagerDictOps() {
    }

    /**
     * @param d the map proxy
     * @param count puts, then as many gets
     * @return the sum of the values read
     */
    static long ops(ManagedMap<Integer, Integer> d, int count) {
        for (int i = 0; i < count; i++) {
            d.put(i, i);
        }
        long total = 0;
        for (int i = 0; i < count; i++) {
            total += d.get(i);
        }
        return total;
    }
}
