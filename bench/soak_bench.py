"""Soak benchmark: a sales team's ordinary day (the scenario of tests/test_soak.py) on the default server
(`python app.py`, gevent, a fresh SQLite file), twice — CRM sync on with a webhook that answers after 1.5 s,
and CRM sync off as the baseline measured in the same run.

    make bench-soak    (starts its own Neo4j on SOAK_BENCH_BOLT_PORT, default 7796, and stops it after)
    BENCH_ARGS="--seconds 30" make bench-soak

Prints one table (requests, p50 / p99 / max latency, failures = 5xx + timeouts + no answer, requests over
3 s, board mismatches) for both runs and the ratio of their p99s (target ≤ 2); writes bench/results/soak.json.
"""
import argparse
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from neo4j import GraphDatabase  # noqa: E402

from tests.soak.scenario import SoakConfig, soak_on  # noqa: E402
from tests.soak.server import migrate  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "soak.json"
TARGET_RATIO = 2.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0, help="length of each run's soak")
    parser.add_argument("--seed", type=int, default=SoakConfig.seed)
    parser.add_argument("--warmup", type=float, default=10.0,
                        help="seconds of an unreported sync-off run first, so neither measured run pays the JIT")
    parser.add_argument("--verbose", action="store_true", help="print each run's full report")
    args = parser.parse_args()
    uri = os.environ.get("NEO4J_URI", f"bolt://127.0.0.1:{os.environ.get('SOAK_BENCH_BOLT_PORT', '7796')}")
    if args.warmup > 0:
        run(uri, SoakConfig(seconds=args.warmup, seed=args.seed + 1, crm=False), "warm-up")
    results = []
    for label, crm in (("CRM sync on", True), ("CRM sync off", False)):
        result = run(uri, SoakConfig(seconds=args.seconds, seed=args.seed, crm=crm), label)
        print(result.report if args.verbose else result.report.split("\n--- ")[0], flush=True)
        results.append(result)
    report(results, args)


def run(uri: str, config: SoakConfig, label: str):
    """One soak on a fresh SQLite file and an emptied graph (this Neo4j is the benchmark's own)."""
    with GraphDatabase.driver(uri) as driver:
        driver.execute_query("MATCH (n) DETACH DELETE n")
    folder = Path(tempfile.mkdtemp(prefix="soak-bench-"))
    try:
        database_url = f"sqlite:///{folder / 'guanxi.db'}"
        migrate(database_url)
        return soak_on(folder, database_url, uri, config, label)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def report(results, args) -> None:
    on, off = results
    ratio = on.summary["p99"] / off.summary["p99"] if off.summary["p99"] else None
    header = ("run", "requests", "p50 ms", "p99 s", "max s", "failures", "over 3 s", "board mismatches",
              "webhook mismatches")
    rows = [header] + [(r.label, str(r.summary["requests"]), f"{r.summary['p50'] * 1000:.0f}",
                        f"{r.summary['p99']:.2f}", f"{r.summary['max']:.2f}", str(r.summary["failures"]),
                        str(r.summary["slow"]), str(len(r.mismatches)),
                        "-" if r.facts.get("webhook_mismatches") is None else str(r.facts["webhook_mismatches"]))
                       for r in results]
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    print(f"\nSoak benchmark — {args.seconds:g} s per run, seed {args.seed}, 4 members + 2 chatting + newcomers, "
          f"webhook answering after {SoakConfig.webhook_delay:g} s")
    for i, row in enumerate(rows):
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths)))
        if i == 0:
            print("  ".join("-" * width for width in widths))
    verdict = "n/a" if ratio is None else f"{ratio:.2f} ({'meets' if ratio <= TARGET_RATIO else 'misses'} the target)"
    print(f"p99 ratio, sync on / sync off: {verdict}; target ≤ {TARGET_RATIO:g}")
    if any(r.summary["timeouts"] for r in results):  # then p99 and max are floors, not measurements
        print(f"(a request that timed out counts as the clients' {SoakConfig.timeout:g} s wait)")
    for result in results:
        if result.problems:
            print(f"{result.label}: " + "; ".join(result.problems))
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps({"seconds": args.seconds, "seed": args.seed, "p99_ratio": ratio,
                                   "target_ratio": TARGET_RATIO, "runs": [r.as_dict() for r in results]},
                                  indent=2, ensure_ascii=False))
    print(f"written {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
