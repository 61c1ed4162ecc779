#!/usr/bin/env python3
"""karta over shards: one generated corpus as one index, and as 2 and 4 shards, searched
locally (a shard list of local databases) and over loopback xapian-tcpsrv, in one run.

For each setup it measures, through the command line (process start-up and opening the
shards included):
- faceted query latency p50/p95: `karta search --facets -n 10` for the queries of
  scale_bench.py;
- analytics: `karta agencies --format json` and `karta overlap --format json`, median of runs;
and the time to build each from the corpus: `karta index` for the single index and
`karta index --shards N` (the whole index and its N shards, compacted from the build's own
scratch shards) for the sharded ones.

The builds are cached under --work (delete a `.done` file to time its build again). The
xapian-tcpsrv servers listen on 127.0.0.1 only and are stopped at the end (each is also
bounded by `timeout`).

Usage: bench/shard_bench.py [--measures 1000000] [--shards 2 4] [--runs 5]
                            [--work /tmp/karta-bench] [--markdown FILE]
"""

import argparse
import os
import shutil
import socket
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench_util  # noqa: E402
from scale_bench import QUERIES, karta_query_cmd, latency  # noqa: E402

ROOT = bench_util.ROOT


def log(msg):
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(port, seconds=10):
    deadline = time.time() + seconds
    while time.time() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise RuntimeError(f"xapian-tcpsrv on port {port} did not start")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--measures", type=int, default=1000000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--shards", type=int, nargs="+", default=[2, 4])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--work", default="/tmp/karta-bench")
    ap.add_argument("--karta", default=os.path.join(ROOT, "build", "karta"))
    ap.add_argument("--markdown")
    args = ap.parse_args()
    karta = os.path.abspath(args.karta)
    if not shutil.which("xapian-tcpsrv"):
        sys.exit("xapian-tcpsrv is missing: scripts/setup.sh installs xapian-tools")

    corpus = bench_util.ensure_corpus(args.work, args.measures, args.seed, karta)
    base = os.path.join(args.work, f"shards-{args.measures}-seed{args.seed}")
    os.makedirs(base, exist_ok=True)
    builds = {}

    def build(name, db, extra):
        """Builds `db` from the corpus once; its time is kept beside it."""
        done = db + ".done"
        if not os.path.exists(done):
            log(f"indexing {corpus} into {db}")
            shutil.rmtree(db, ignore_errors=True)
            t = time.perf_counter()
            subprocess.run([karta, "index", "--quiet", *extra, "--db", db, corpus], check=True,
                           stdout=subprocess.DEVNULL)
            with open(done, "w") as f:
                f.write(f"{time.perf_counter() - t:.1f}\n")
        with open(done) as f:
            builds[name] = float(f.read().strip() or "nan")

    single = os.path.join(base, "single")
    build("1 index", single, [])

    setups = [("1 index", single)]
    servers = []
    try:
        for n in args.shards:
            sharded = os.path.join(base, f"sharded-{n}")
            build(f"{n} shards", sharded, ["--shards", str(n)])
            setups.append((f"{n} shards, local", sharded))
            lines = ["auto " + os.path.join(sharded, "lexicon")]
            for k in range(n):
                port = free_port()
                servers.append(subprocess.Popen(
                    ["timeout", "3600", "xapian-tcpsrv", "--quiet", "--interface", "127.0.0.1",
                     "--port", str(port), os.path.join(sharded, f"shard-{k}")],
                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
                wait_for(port)
                lines.append(f"remote 127.0.0.1:{port}")
            stub = os.path.join(base, f"remote-{n}.stub")
            with open(stub, "w") as f:
                f.write("\n".join(lines) + "\n")
            setups.append((f"{n} shards, xapian-tcpsrv", stub))

        rows = []
        for name, db in setups:
            log(f"measuring {name}")
            p50, p95 = latency(karta_query_cmd(karta, db), args.runs)
            agencies = bench_util.median_time([karta, "agencies", "--db", db, "--format", "json"], args.runs)
            overlap = bench_util.median_time([karta, "overlap", "--db", db, "--format", "json"], args.runs)
            rows.append((name, p50, p95, agencies, overlap))
    finally:
        for s in servers:
            s.terminate()
        for s in servers:
            s.wait()

    one = rows[0]
    out = [f"karta over shards: {args.measures:,} generated measures (seed {args.seed}), "
           f"{os.cpu_count()} cores, {args.runs} runs per query ({len(QUERIES)} faceted queries), "
           f"{time.strftime('%Y-%m-%d')}. Times through the CLI, start-up included; ratios to the "
           "single index.", "",
           "| setup | search p50 ms | p95 ms | ×p50 | agencies s | × | overlap s | × |",
           "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for name, p50, p95, agencies, overlap in rows:
        out.append(f"| {name} | {p50 * 1000:.0f} | {p95 * 1000:.0f} | {p50 / one[1]:.2f} | "
                   f"{agencies:.3f} | {agencies / one[3]:.2f} | {overlap:.3f} | {overlap / one[4]:.2f} |")
    out.append("")
    out.append("| build from the corpus | s | × |")
    out.append("|---|---:|---:|")
    for name, seconds in builds.items():
        out.append(f"| `karta index` ({name}) | {seconds:.1f} | {seconds / builds['1 index']:.2f} |")
    bench_util.report(out, args.markdown)


if __name__ == "__main__":
    main()
