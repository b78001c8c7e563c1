package io.github.mp4j.bench;

import static io.github.mp4j.bench.Checks.check;

import io.github.mp4j.manager.ManagedMap;
import io.github.mp4j.manager.Manager;

/** {@code manager_dict_ops_per_s}: proxy round trips to a manager's map, from a child. */
final class ManagerDict {

    private static final String NOTE = """
            Manager.start().map() proxy driven from a child: 20_000 d.put(i, i) and then 20_000 d.get(i)
            reads. ops/s over the 40_000 operations. Manager start-up and the proxy's first connection
            (the child's first call, d.size()) are not timed.""";

    private ManagerDict() {
    }

    static void run(Suite suite) throws Exception {
        try (Manager manager = Manager.start()) {
            suite.bench("manager_dict_ops_per_s", "ops/s", Better.HIGHER, NOTE, () -> once(manager));
        }
    }

    private static Measurement once(Manager manager) throws Exception {
        int n = Sizes.MANAGER_DICT_N;
        ManagedMap<Integer, Integer> d = manager.map();
        TimedRun<Void> run = TimedChildren.of(() -> ManagerDictOps.ops(d, n)).prepare(() -> d.size()).run();
        long total = (Long) run.childResults().get(0);
        check(total == (long) n * (n - 1) / 2, "sum of reads " + total);
        check(d.size() == n, "len(d) = " + d.size());
        manager.release(d);
        return Measurement.of(2.0 * n / run.seconds());
    }
}
