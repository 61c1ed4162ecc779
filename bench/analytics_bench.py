#!/usr/bin/env python3
"""Speed of karta's analytics on a generated corpus, with PostgreSQL doing the same
aggregation on the same measures in the same run.

Generates (or reuses) a corpus of N measures with bench/generate_corpus.py, indexes it with
karta, then times each analytics command through the CLI (start-up included; median of
--runs). PostgreSQL gets the same measures (region, St Petersburg and partner agencies as
written) and computes the agency × region matrix with unnest + GROUP BY, timed through psql.

Usage: bench/analytics_bench.py [--measures 200000] [--work /tmp/karta-bench] [--runs 5]
"""

import argparse
import json
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench_util  # noqa: E402
from pg_peer import PostgresPeer  # noqa: E402

ROOT = bench_util.ROOT


def ensure_corpus(args):
    corpus = bench_util.ensure_corpus(args.work, args.measures, args.seed, args.karta)
    db = corpus + ".db"
    ingest = None
    if not os.path.exists(os.path.join(db, "iamglass")):
        t = time.perf_counter()
        subprocess.run([args.karta, "index", "--quiet", "--db", db, corpus], check=True, capture_output=True)
        ingest = time.perf_counter() - t
    return corpus, db, ingest


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--measures", type=int, default=200000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--work", default="/tmp/karta-bench")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--karta", default=os.path.join(ROOT, "build", "karta"))
    ap.add_argument("--markdown")
    args = ap.parse_args()
    os.makedirs(args.work, exist_ok=True)
    corpus, db, ingest = ensure_corpus(args)
    count = json.loads(subprocess.run([args.karta, "search", "--db", db, "--format", "json", "-n", "0"],
                                      check=True, capture_output=True, text=True).stdout)["total"]

    k = [args.karta]
    workloads = [
        ("agencies --format json (matrix, both sides)", k + ["agencies", "--db", db, "--format", "json"]),
        ("agencies (table, wrapped for a terminal)", k + ["agencies", "--db", db]),
        ("agencies --side spb --format json", k + ["agencies", "--db", db, "--side", "spb", "--format", "json"]),
        ("agencies scoped by query «спорт»", k + ["agencies", "--db", db, "спорт", "--format", "json"]),
        ("overlap --by agency --format json", k + ["overlap", "--db", db, "--format", "json"]),
        ("overlap --by sphere --format json", k + ["overlap", "--db", db, "--by", "sphere", "--format", "json"]),
        ("counterparts --format json", k + ["counterparts", "--db", db, "--format", "json"]),
        ("search --facets (empty query)", k + ["search", "--db", db, "--facets", "--format", "json"]),
    ]
    results = [(name, bench_util.median_time(cmd, args.runs)) for name, cmd in workloads]

    # The peer: PostgreSQL aggregating the same measures (agencies as written).
    parsed_rows = []
    for dirpath, _, files in os.walk(corpus):
        batch = [os.path.join(dirpath, f) for f in sorted(files) if f.endswith(".txt")]
        for i in range(0, len(batch), 500):
            docs = json.loads(subprocess.run(k + ["parse", "--quiet", "--format", "json"] + batch[i:i + 500],
                                             check=True, capture_output=True, text=True).stdout)
            for a in docs:
                for m in a["measures"]:
                    arr = "{" + ",".join('"' + x.replace('\\', '\\\\').replace('"', '\\"') + '"'
                                         for x in m["spb_agencies"] + m["partner_agencies"]) + "}"
                    parsed_rows.append([m["id"] + "@" + a["file"], a["region"] or "", arr])
    with PostgresPeer() as pg:
        pg.psql("CREATE TABLE m (id text, region text, agencies text[])")
        pg.copy_in("m", parsed_rows)
        pg.psql("VACUUM ANALYZE m")
        sql = "SELECT a, region, count(*) FROM m, unnest(agencies) a GROUP BY 1, 2"
        pg_cmd = ["psql", "-X", "-q", "-A", "-t", "-h", pg.dir, "-p", str(pg.port), "-U", "postgres",
                  "-d", "postgres", "-c", sql, "-o", "/dev/null"]
        pg_time = bench_util.median_time(pg_cmd, args.runs)
        version = pg.psql("SHOW server_version")[0][0]

    lines = [f"Analytics on a generated corpus of {count} measures ({args.runs} runs, median wall time "
             f"through the CLI, start-up included); PostgreSQL {version} in the same run.", ""]
    if ingest is not None:
        lines.append(f"karta index: {ingest:.1f} s ({count / ingest:,.0f} measures/s)\n")
    lines += ["| workload | karta s | target |", "|---|---:|---:|"]
    for name, t in results:
        lines.append(f"| {name} | {t:.3f} | {'ok' if t < 1 else 'OVER 1 s'} |")
    matrix = results[0][1]
    lines += ["", f"Agency × region matrix (JSON, both sides): karta {matrix:.3f} s, PostgreSQL unnest + GROUP BY "
              f"{pg_time:.3f} s (karta / PostgreSQL ×{matrix / pg_time:.2f}; PostgreSQL counts names as "
              f"written, karta canonical agencies)."]
    bench_util.report(lines, args.markdown)


if __name__ == "__main__":
    main()
