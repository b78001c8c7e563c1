#!/usr/bin/env python3
"""Run CPython's multiprocessing benchmarks and mp4j's side by side, and compare them.

The two suites print the same ``NAME value unit`` lines (the median of each suite's own
measured runs). This script runs them alternately for several rounds, so that both see the
same drift of a noisy machine, and prints one Markdown table: per workload, the median over
the rounds for each side and their ratio.

Usage, from the repository root, after ``./mvnw -q -DskipTests package``::

    python3 mp-bench/compare.py [--rounds N] [--only NAME[,NAME...]] [--json PATH]
                                [--python-bench PATH] [--python-extra PATH] [--python EXE]
                                [--jar PATH] [--java EXE] [--baseline-jar PATH]

  --rounds N           rounds of (python suite, mp4j suite); default 3. The side that runs
                       first alternates from round to round.
  --only NAMES         comma-separated workloads. Each suite gets the names it knows (Python's
                       from the WORKLOADS list in its source, mp4j's from ``--list``), so
                       mp4j-only workloads such as pool_cpu_vs_forkjoin may be asked for; a side
                       that knows none of them is not run. A name neither knows is an error.
  --json PATH          save every round's parsed numbers, and each suite's own JSON file
                       (every run, warm-up included, and its machine details), to PATH.
  --python-bench PATH  the Python suite; default ../shared/bench/python_mp_bench.py,
                       relative to the repository root.
  --python-extra PATH  Python's side of the mp4j workloads the shared suite lacks
                       (queue_fanout_msgs_per_s, pool_restart_ms); default
                       mp-bench/python_extra_bench.py, run right after the Python suite in
                       every round, with the same harness; "" skips it.
  --python EXE         interpreter for the Python suite; default python3.
  --jar PATH           mp4j's suite; default mp-bench/target/mp-bench.jar.
  --java EXE           the JVM under test: a java launcher or a JDK's home directory (such as
                       /usr/lib/jvm/temurin-25-jdk-amd64); default java from PATH. mp4j's worker
                       JVMs follow it: they start with the java of the JVM that starts them. The
                       table's first line names this JVM's version.
  --baseline-jar PATH  A/B mode: instead of the Python suite, run this mp4j suite jar (built
                       from an earlier commit) against --jar, alternating, and print
                       "baseline | mp4j | mp4j/baseline" for the workloads both know. This is
                       how a change is shown not to slow a workload beyond the machine's noise.

Relative paths are resolved against the repository root (the parent of this script's
directory), so the script works from any directory. Both suites' progress goes to stderr.

Reading the table: "better" says which direction is an improvement (lower for *_ms, *_us,
*_s, process_rss_mb and lock_idle_waiter_cpu_pct, higher otherwise). "mp4j/python" is the
plain ratio of the two medians, so > 1 favours mp4j when higher is better and favours Python when lower is better.
A workload only one side implements shows "n/a" on the other; one that failed in every round
shows "FAILED". Exits with 1 if a suite could not run or any workload failed.
"""

import argparse
import ast
import json
import math
import os
import statistics
import subprocess
import sys
import tempfile
import time

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LOWER_IS_BETTER_SUFFIXES = ("_ms", "_us", "_s")
LOWER_IS_BETTER_NAMES = {"process_rss_mb", "lock_idle_waiter_cpu_pct"}
SIDES = ("python", "mp4j")


def lower_is_better(name):
    """Times and costs: *_ms, *_us, *_s (but not rates, *_per_s), process_rss_mb, lock_idle_waiter_cpu_pct."""
    if name in LOWER_IS_BETTER_NAMES:
        return True
    return name.endswith(LOWER_IS_BETTER_SUFFIXES) and not name.endswith("_per_s")


def resolve(path):
    return path if os.path.isabs(path) else os.path.join(REPO_ROOT, path)


def parse_metrics(stdout):
    """Reads ``NAME value unit`` lines; a failed workload's value is NaN."""
    metrics = {}
    for line in stdout.splitlines():
        parts = line.split()
        if len(parts) != 3:
            continue
        name, value, unit = parts
        try:
            metrics[name] = {"value": float(value), "unit": unit}
        except ValueError:
            continue
    return metrics


def run_suite(side, command, json_path):
    """Runs one suite; its stderr (progress) streams through, its stdout is parsed."""
    if json_path is not None:
        command = command + ["--json", json_path]
    print(f"\n=== {side}: {' '.join(command)}", file=sys.stderr, flush=True)
    t0 = time.perf_counter()
    lines = []
    with subprocess.Popen(command, cwd=REPO_ROOT, stdout=subprocess.PIPE, text=True) as proc:
        for line in proc.stdout:
            lines.append(line)
            sys.stderr.write(line)
            sys.stderr.flush()
    seconds = time.perf_counter() - t0
    result = {
        "command": command,
        "returncode": proc.returncode,
        "seconds": seconds,
        "metrics": parse_metrics("".join(lines)),
    }
    if json_path is not None and os.path.exists(json_path):
        with open(json_path) as f:
            result["suite_json"] = json.load(f)
    return result


def java_launcher(java):
    """``java`` itself if it is a launcher (a path or a name on PATH); ``java``/bin/java for a JDK home."""
    if os.path.isdir(java):
        launcher = os.path.join(java, "bin", "java")
        return launcher if os.access(launcher, os.X_OK) else None
    if os.sep in java:
        return java if os.access(java, os.X_OK) else None
    return java


def java_version(java):
    """The first line of ``java -version`` (such as 'openjdk version "25.0.1" 2025-10-21 LTS')."""
    try:
        done = subprocess.run([java, "-version"], capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.SubprocessError) as e:
        return f"unknown ({e})"
    lines = [line for line in done.stderr.splitlines() if "version" in line]
    return lines[0].strip() if lines else "unknown"


def run_side(side, commands, json_path):
    """Runs a side's suites one after the other (the Python suite, then its extra workloads) as one."""
    results = [run_suite(side, command, None if json_path is None else f"{json_path[:-5]}-{i}.json")
               for i, command in enumerate(commands)]
    merged = {
        "command": [r["command"] for r in results] if len(results) > 1 else results[0]["command"],
        "returncode": max(r["returncode"] for r in results),
        "seconds": sum(r["seconds"] for r in results),
        "metrics": {name: m for r in results for name, m in r["metrics"].items()},
    }
    suite_json = [r["suite_json"] for r in results if "suite_json" in r]
    if suite_json:
        merged["suite_json"] = suite_json[0] if len(suite_json) == 1 else suite_json
    return merged


def python_workload_names(path):
    """The names in the Python suite's WORKLOADS list, read from its source without running it."""
    try:
        with open(path) as f:
            tree = ast.parse(f.read(), filename=path)
    except (OSError, SyntaxError):
        return None
    for node in tree.body:
        if (isinstance(node, ast.Assign) and len(node.targets) == 1
                and isinstance(node.targets[0], ast.Name) and node.targets[0].id == "WORKLOADS"):
            names = [e.elts[0].value for e in getattr(node.value, "elts", [])
                     if isinstance(e, ast.Tuple) and e.elts and isinstance(e.elts[0], ast.Constant)]
            return names or None
    return None


def mp4j_workload_names(command):
    """The names mp4j's suite prints for ``--list``."""
    try:
        out = subprocess.run(command + ["--list"], cwd=REPO_ROOT, capture_output=True, text=True,
                             check=True, timeout=120).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    return [line.strip() for line in out.splitlines() if line.strip()]


def split_only(wanted, known):
    """Per side, the wanted names that side knows (all of them if its list is unknown)."""
    per_side = {side: [n for n in wanted if names is None or n in names] for side, names in known.items()}
    unknown = [n for n in wanted if all(names is not None and n not in names for names in known.values())]
    return per_side, unknown


def median_over_rounds(rounds, side, name):
    values = [r[side]["metrics"][name]["value"] for r in rounds
              if name in r[side]["metrics"]]
    if not values:
        return None
    finite = [v for v in values if not math.isnan(v)]
    return statistics.median(finite) if finite else math.nan


def fmt(value):
    """The suites' own formatting (_fmt in the Python suite)."""
    if value is None:
        return "n/a"
    if math.isnan(value):
        return "FAILED"
    if abs(value) >= 1000:
        return f"{value:.0f}"
    if abs(value) >= 100:
        return f"{value:.1f}"
    if abs(value) >= 1:
        return f"{value:.2f}"
    return f"{value:.4f}"


def ordered_names(rounds):
    """Python's order (it defines the workloads); a name only mp4j has goes after the name mp4j
    printed before it, so an mp4j-only metric sits next to the workload it extends."""
    names = []
    for r in rounds:
        for name in r["python"]["metrics"]:
            if name not in names:
                names.append(name)
    for r in rounds:
        previous = None
        for name in r["mp4j"]["metrics"]:
            if name not in names:
                at = names.index(previous) + 1 if previous in names else len(names)
                names.insert(at, name)
            previous = name
    return names


def unit_of(rounds, name):
    for r in rounds:
        for side in SIDES:
            if name in r[side]["metrics"]:
                return r[side]["metrics"][name]["unit"]
    return ""


def table(rounds, other="python"):
    """``other`` names the first side's column: the Python suite, or an mp4j baseline jar."""
    lines = [
        f"Medians over {len(rounds)} round(s); each value is itself the median of one suite run.",
        "",
        f"| workload | unit | {other} | mp4j | mp4j/{other} | better |",
        "|---|---|---:|---:|---:|---|",
    ]
    for name in ordered_names(rounds):
        py = median_over_rounds(rounds, "python", name)
        j = median_over_rounds(rounds, "mp4j", name)
        usable = py is not None and j is not None and not math.isnan(py) and not math.isnan(j) and py != 0
        ratio = f"{j / py:.2f}" if usable else "n/a"
        better = "lower" if lower_is_better(name) else "higher"
        lines.append(f"| {name} | {unit_of(rounds, name)} | {fmt(py)} | {fmt(j)} | {ratio} | {better} |")
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=3, help="rounds of both suites (default 3)")
    parser.add_argument("--only", metavar="NAMES", help="passed to both suites")
    parser.add_argument("--json", metavar="PATH", help="save all raw numbers here")
    parser.add_argument("--python-bench", default="../shared/bench/python_mp_bench.py",
                        help="the Python suite, relative to the repository root")
    parser.add_argument("--python-extra", default="mp-bench/python_extra_bench.py",
                        help="Python's side of mp4j's extra workloads; \"\" to skip")
    parser.add_argument("--python", default="python3", help="interpreter for the Python suite")
    parser.add_argument("--jar", default="mp-bench/target/mp-bench.jar", help="mp4j's suite jar")
    parser.add_argument("--java", default="java", help="java launcher or JDK home of the JVM under test")
    parser.add_argument("--baseline-jar", metavar="PATH",
                        help="A/B: run this earlier mp4j suite jar in place of the Python suite")
    args = parser.parse_args(argv)
    if args.rounds < 1:
        parser.error("--rounds must be >= 1")

    args.java = java_launcher(args.java)
    if args.java is None:
        parser.error("--java: neither a java launcher nor a JDK home with bin/java")
    jvm = java_version(args.java)
    jar = resolve(args.jar)
    if not os.path.isfile(jar):
        parser.error(f"{jar} does not exist; build it with ./mvnw -q -DskipTests package")
    # The first side keeps its key "python" in the rounds and the JSON; in A/B mode it is the baseline.
    other = "python"
    # Each side is a list of suites run one after the other; Python's is the shared suite and the
    # extra workloads, each with the names it knows.
    suites = {
        "python": [([args.python, resolve(args.python_bench)], python_workload_names(resolve(args.python_bench)))],
        "mp4j": [([args.java, "-jar", jar], None)],
    }
    extra = resolve(args.python_extra) if args.python_extra else None
    if extra and os.path.isfile(extra) and not args.baseline_jar:
        suites["python"].append(([args.python, extra, "--base", resolve(args.python_bench)],
                                 python_workload_names(extra)))
    if args.baseline_jar:
        baseline = resolve(args.baseline_jar)
        if not os.path.isfile(baseline):
            parser.error(f"{baseline} does not exist")
        other = "baseline"
        suites["python"] = [([args.java, "-jar", baseline], None)]
    commands = {side: [command for command, _ in side_suites] for side, side_suites in suites.items()}
    if args.only:
        wanted = [n for n in args.only.split(",") if n]
        known = {}
        for side, side_suites in suites.items():
            for i, (command, names) in enumerate(side_suites):
                known[(side, i)] = names if names is not None else mp4j_workload_names(command)
        per_suite, unknown = split_only(wanted, known)
        if unknown:
            parser.error(f"unknown workload(s): {', '.join(unknown)}")
        for side, side_suites in suites.items():
            commands[side] = [command + ["--only", ",".join(per_suite[(side, i)])]
                              for i, (command, _) in enumerate(side_suites) if per_suite[(side, i)]]
            if not commands[side]:
                print(f"{side}: none of the --only workloads; not run", file=sys.stderr)
                commands[side] = None

    rounds = []
    with tempfile.TemporaryDirectory(prefix="mp-bench-compare-") as tmp:
        for i in range(args.rounds):
            order = SIDES if i % 2 == 0 else SIDES[::-1]
            this_round = {}
            for side in order:
                if commands[side] is None:
                    this_round[side] = {"command": None, "returncode": 0, "seconds": 0.0, "metrics": {}}
                    continue
                # each suite's own JSON file is named after what the side is: python-*, or baseline-* in A/B mode
                label = other if side == "python" else side
                json_path = os.path.join(tmp, f"{label}-{i}.json") if args.json else None
                this_round[side] = run_side(side, commands[side], json_path)
            rounds.append(this_round)

    report = f"JVM under test: {jvm} ({args.java})\n\n" + table(rounds, other)
    print(report)
    if args.json:
        os.makedirs(os.path.dirname(os.path.abspath(args.json)), exist_ok=True)
        with open(args.json, "w") as f:
            json.dump({"rounds": rounds, "table": report}, f, indent=2)
            f.write("\n")
    failed = any(r[side]["returncode"] != 0 for r in rounds for side in SIDES)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
