#!/usr/bin/env python3
"""Python's side of mp4j workloads that the shared suite (python_mp_bench.py) does not have.

Usage::

    python3 mp-bench/python_extra_bench.py [--base PATH] [--start-method spawn|fork|forkserver]
                                           [--json PATH] [--only NAME[,NAME...]]

It uses the shared suite's harness (``Suite``, ``time_children``, the effective-cores check) and
method unchanged, so its lines are comparable with the shared suite's and with mp4j's: one line
per metric on stdout, ``NAME value unit``, the median of 3 runs after 1 warm-up run.
``compare.py`` runs this file after the shared suite, on the Python side of every round.

--base PATH  the shared suite; default ../shared/bench/python_mp_bench.py from the repository root
"""

import os
import sys
import time

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_BASE = os.path.join(REPO_ROOT, "..", "shared", "bench", "python_mp_bench.py")

FANOUT_PRODUCERS = 4
FANOUT_CONSUMERS = 4
FANOUT_PER_PRODUCER = 50_000
DONE = "done"
STOP = "stop"


def _base_dir(argv):
    """The shared suite's directory: put on sys.path before anything imports it, children included."""
    for i, arg in enumerate(argv):
        if arg == "--base" and i + 1 < len(argv):
            return os.path.dirname(os.path.abspath(argv[i + 1]))
        if arg.startswith("--base="):
            return os.path.dirname(os.path.abspath(arg.split("=", 1)[1]))
    return os.path.dirname(os.path.abspath(os.environ.get("MP_BENCH_BASE", DEFAULT_BASE)))


# Spawned children re-run this file as __mp_main__ with the parent's sys.path, so the import
# below works in them too.
sys.path.insert(0, _base_dir(sys.argv))
import python_mp_bench as base  # noqa: E402


def fanout_produce(q, _markers, count):
    msg = [42, None, 'hello']
    for _ in range(count):
        q.put(msg)
    q.put(DONE)


def fanout_consume(q, markers, _count):
    taken = 0
    while True:
        item = q.get()
        if item == STOP:
            return taken
        if item == DONE:
            markers.put(item)
        else:
            taken += 1


def fanout_child(role, q, markers, count):
    return (fanout_produce if role == "produce" else fanout_consume)(q, markers, count)


def wl_queue_fanout(suite, ctx):
    """4 producer children each put 50_000 messages [42, None, 'hello'] and then a "done" marker
    on one multiprocessing.Queue; 4 consumer children get() from it, forwarding each marker to
    the parent, until they get a "stop". The parent puts 4 "stop"s once it has all 4 markers.
    msgs/s over the 200_000 messages, from releasing the children to the last consumer's reply;
    all_put_s: until the parent had the 4 markers, all_taken_s: until the last reply."""
    n = FANOUT_PRODUCERS * FANOUT_PER_PRODUCER

    def run():
        q = ctx.Queue()
        markers = ctx.Queue()

        def stop_consumers():
            t0 = time.perf_counter()
            for _ in range(FANOUT_PRODUCERS):
                base.check(markers.get() == DONE, "a marker that is not done")
            for _ in range(FANOUT_CONSUMERS):
                q.put(STOP)
            return time.perf_counter() - t0

        args = ([("produce", q, markers, FANOUT_PER_PRODUCER)] * FANOUT_PRODUCERS
                + [("consume", q, markers, 0)] * FANOUT_CONSUMERS)
        dt, results, all_put = base.time_children(ctx, fanout_child, args, parent_work=stop_consumers)
        taken = sum(r for r in results if r is not None)
        base.check(taken == n, f"consumers took {taken} messages")
        q.close()
        markers.close()
        return taken / dt, {"all_put_s": all_put, "all_taken_s": dt}
    suite.bench("queue_fanout_msgs_per_s", "msgs/s", run, note=wl_queue_fanout.__doc__)


def wl_pool_restart(suite, ctx):
    """Pool(2) is created, used (apply(noop)) and closed and joined; then, not timed until here,
    a second Pool(2) is created: ms from its construction to its first result of apply(noop), as
    pool_startup_ms. CPython has no reusable workers, so this is pool_startup_ms right after a
    pool closed; mp4j's row uses reusable warm workers."""
    def run():
        with base.worker_pool(ctx) as first:
            first.apply(base.noop)
        t0 = time.perf_counter()
        pool = ctx.Pool(2)
        pool.apply(base.noop)
        t1 = time.perf_counter()
        pool.close()
        pool.join()
        return (t1 - t0) * 1e3
    suite.bench("pool_restart_ms", "ms", run, higher_is_better=False, note=wl_pool_restart.__doc__)


WORKLOADS = [
    ("pool_restart_ms", wl_pool_restart),
    ("queue_fanout_msgs_per_s", wl_queue_fanout),
]


def main(argv=None):
    import argparse
    import json
    import multiprocessing

    names = [name for name, _ in WORKLOADS]
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--base", default=DEFAULT_BASE, help="the shared suite (python_mp_bench.py)")
    parser.add_argument("--start-method", default="spawn", choices=["spawn", "fork", "forkserver"])
    parser.add_argument("--json", metavar="PATH", help="write all results here")
    parser.add_argument("--only", metavar="NAMES", help="comma-separated subset of: " + ", ".join(names))
    args = parser.parse_args(argv)

    selected = WORKLOADS
    if args.only:
        wanted = args.only.split(",")
        unknown = set(wanted) - set(names)
        if unknown:
            parser.error(f"unknown workload(s): {', '.join(sorted(unknown))}")
        selected = [(n, fn) for n, fn in WORKLOADS if n in wanted]

    ctx = multiprocessing.get_context(args.start_method)
    suite = base.Suite(warmup=1, repeats=3)
    base.log(f"python {sys.version.split()[0]} (extra workloads), start method {args.start_method}")
    cores = base.measure_effective_cores(ctx)
    base.log(f"effective cores before: {cores['effective_cores']:.2f}")
    for name, workload in selected:
        t0 = time.perf_counter()
        try:
            workload(suite, ctx)
        except Exception as exc:
            import traceback
            traceback.print_exc()
            suite.fail(name, exc)
        base.log(f"  [{time.perf_counter() - t0:6.1f}s] {name}")
    if args.json:
        os.makedirs(os.path.dirname(os.path.abspath(args.json)), exist_ok=True)
        with open(args.json, "w") as f:
            json.dump({"meta": {"effective_cores_before": cores, "argv": sys.argv},
                       "results": suite.results}, f, indent=2)
            f.write("\n")
    return 1 if any("error" in r for r in suite.results.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
