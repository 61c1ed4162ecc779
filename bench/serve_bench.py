#!/usr/bin/python3
"""`karta serve` under load, side by side with Sphinx `searchd` and PostgreSQL, in one run.

On one generated corpus (bench/generate_corpus.py, default 200,000 measures) the same faceted
queries as bench/scale_bench.py go to three servers, each over persistent connections:

- karta: `karta serve` on 127.0.0.1, HTTP/1.1 keep-alive, `GET /api/search?q=…&facets=1
  &limit=10` (+ region, year): the 10 best hits with their snippets, the exact total and the
  facets region, sphere, agency, year, kind;
- Sphinx 2.2 `searchd` (`morphology = stem_ru`) over SphinxQL on 127.0.0.1: `SELECT … LIMIT 10
  FACET region_id FACET sphere_ids FACET years`;
- PostgreSQL (`russian` FTS, GIN), on a Unix socket: the 10 best by `ts_rank` and the counts by
  region, sphere and year, four statements per query.

For 1, 4 and 16 concurrent clients (one process each, so the client's interpreter is never the
bottleneck), each client sends the queries in turn for --seconds; reported: requests per
second over all clients, and the p50 and p99 latency of a request, each the median of
--rounds rounds that interleave the three servers (all three stay up). Bounded in count and time;
all traffic stays on the machine. The load clients need python3-psycopg2 and python3-mysqldb
(bench/setup_peers.sh), hence /usr/bin/python3.

Usage: bench/serve_bench.py [--measures 200000] [--clients 1 4 16] [--seconds 10] [--rounds 3]
                            [--work /tmp/karta-bench] [--markdown FILE]
"""

import argparse
import contextlib
import http.client
import json
import multiprocessing
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench_util  # noqa: E402
import scale_bench  # noqa: E402
from pg_peer import PostgresPeer  # noqa: E402

MAX_REQUESTS = 200000  # per client, a bound besides the time


def log(msg):
    print(msg, file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------------------
# One client per process: connect once, then send the queries in turn until the time is up.

def karta_client(base):
    host, port = base
    conn = http.client.HTTPConnection(host, port, timeout=60)

    def run(words, region, year):
        params = [("q", words), ("facets", "1"), ("limit", "10")]
        if region:
            params.append(("region", region))
        if year:
            params.append(("year", str(year)))
        conn.request("GET", "/api/search?" + urllib.parse.urlencode(params))
        res = conn.getresponse()
        body = res.read()
        if res.status != 200:
            raise RuntimeError(f"karta: HTTP {res.status}: {body[:200]!r}")
    return run


def sphinx_client(config):
    import MySQLdb  # python3-mysqldb
    port, regions = config
    conn = MySQLdb.connect(host="127.0.0.1", port=port, charset="utf8")

    def run(words, region, year):
        cur = conn.cursor()
        cur.execute(scale_bench.sphinx_faceted_sql(words, region, year, regions))
        while True:  # the hits, then one result set per facet
            cur.fetchall()
            if not cur.nextset():
                break
        cur.close()
    return run


def pg_client(config):
    import psycopg2  # python3-psycopg2
    directory, port = config
    conn = psycopg2.connect(host=directory, port=port, user="postgres", dbname="postgres")
    conn.autocommit = True
    cur = conn.cursor()

    def run(words, region, year):
        where, args = "tsv @@ q", [words]
        if region:
            where += " AND region = %s"
            args.append(region)
        if year:
            where += " AND years @> ARRAY[%s]"
            args.append(year)
        hits = f"WITH hits AS (SELECT * FROM m, websearch_to_tsquery('russian', %s) q WHERE {where})"
        for sql in (f"{hits} SELECT id, ts_rank(tsv, q) r FROM hits ORDER BY r DESC LIMIT 10",
                    f"{hits} SELECT region, count(*) FROM hits GROUP BY 1",
                    f"{hits} SELECT s, count(*) FROM hits, unnest(spheres) s GROUP BY 1",
                    f"{hits} SELECT y, count(*) FROM hits, unnest(years) y GROUP BY 1"):
            cur.execute(sql, args)
            cur.fetchall()
    return run


CLIENTS = {"karta": karta_client, "Sphinx": sphinx_client, "PostgreSQL": pg_client}


def client_main(kind, config, index, start_at, seconds, out):
    run = CLIENTS[kind](config)
    queries = scale_bench.QUERIES
    latencies = []
    i = index
    while time.time() < start_at:  # every client starts together
        time.sleep(0.001)
    deadline = start_at + seconds
    while time.time() < deadline and len(latencies) < MAX_REQUESTS:
        t = time.perf_counter()
        run(*queries[i % len(queries)])
        latencies.append(time.perf_counter() - t)
        i += 1
    out.put(latencies)


def load(kind, config, clients, seconds):
    """Requests per second over all clients, p50 and p99 latency in ms."""
    for q in scale_bench.QUERIES:  # warm up: caches, and every query works
        CLIENTS[kind](config)(*q)
    out = multiprocessing.Queue()
    start_at = time.time() + 0.5
    procs = [multiprocessing.Process(target=client_main, args=(kind, config, i, start_at, seconds, out))
             for i in range(clients)]
    for p in procs:
        p.start()
    samples = []
    for _ in procs:
        samples += out.get(timeout=seconds + 120)
    for p in procs:
        p.join(timeout=30)
    samples.sort()
    pct = lambda f: samples[min(len(samples) - 1, int(round(f * (len(samples) - 1))))] * 1000  # noqa: E731
    return len(samples) / seconds, pct(0.5), pct(0.99)


# ---------------------------------------------------------------------------------------------

class KartaServer:
    def __init__(self, karta, db, threads):
        self.cmd = [karta, "serve", "--db", db, "--listen", "127.0.0.1:0", "--threads", str(threads),
                    "--quiet", "--lifetime", "3600"]

    def __enter__(self):
        self.proc = subprocess.Popen(self.cmd, stdout=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline()
        port = int(line.split("127.0.0.1:")[1].split("/")[0])
        return ("127.0.0.1", port)

    def __exit__(self, *exc):
        self.proc.terminate()
        self.proc.wait(timeout=60)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--measures", type=int, default=200000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--clients", type=int, nargs="+", default=[1, 4, 16])
    ap.add_argument("--seconds", type=float, default=10)
    ap.add_argument("--rounds", type=int, default=3, help="interleaved rounds; medians reported")
    ap.add_argument("--work", default="/tmp/karta-bench")
    ap.add_argument("--karta", default=os.path.join(bench_util.ROOT, "build", "karta"))
    ap.add_argument("--markdown")
    args = ap.parse_args()
    os.makedirs(args.work, exist_ok=True)
    corpus = bench_util.ensure_corpus(args.work, args.measures, args.seed, args.karta)
    rows = scale_bench.parsed_measures(args.karta, corpus, corpus + ".measures.jsonl")
    db = corpus + ".db"
    if not os.path.exists(os.path.join(db, "iamglass")):
        log(f"karta index of {len(rows)} measures")
        scale_bench.karta_ingest(args.karta, corpus, db)
    indexed = json.loads(subprocess.run([args.karta, "search", "--db", db, "--format", "json", "-n", "0"],
                                        check=True, capture_output=True, text=True).stdout)["total"]

    # All three servers stay up while the rounds interleave them, so a slower spell of the
    # machine (shared virtual cores drift by a third within minutes) is not one system's luck.
    runs = {}
    with contextlib.ExitStack() as stack:
        address = stack.enter_context(KartaServer(args.karta, db, max(args.clients)))
        pg = stack.enter_context(PostgresPeer())
        pg_version = pg.psql("SHOW server_version")[0][0]
        log("PostgreSQL ingest")
        scale_bench.pg_ingest(pg, rows)
        sphinx = stack.enter_context(scale_bench.SphinxPeer(args.work, port=free_port()))
        log("Sphinx indexer")
        sphinx.ingest(rows)
        sphinx.start()
        configs = {"karta": address, "PostgreSQL": (pg.dir, pg.port),
                   "Sphinx": (sphinx.port, dict(sphinx.regions))}
        for r in range(args.rounds):
            for c in args.clients:
                for name in ("karta", "Sphinx", "PostgreSQL"):
                    log(f"round {r + 1}/{args.rounds}: {name}, {c} clients")
                    runs.setdefault((name, c), []).append(load(name, configs[name], c, args.seconds))
    # Each figure is the median over the rounds.
    results = {key: tuple(statistics.median(run[i] for run in values) for i in range(3))
               for key, values in runs.items()}

    lines = [f"`karta serve` under load: {indexed:,} measures (generated, seed {args.seed}), "
             f"{len(scale_bench.QUERIES)} faceted queries in turn, {args.seconds:g} s per run, "
             f"median of {args.rounds} interleaved rounds, "
             f"{os.cpu_count()} cores shared by servers and clients; PostgreSQL {pg_version}, Sphinx 2.2.", "",
             "| clients | system | requests/s | p50 ms | p99 ms | karta QPS ÷ system's | system's p50 ÷ karta's |",
             "|---:|---|---:|---:|---:|---:|---:|"]
    for c in args.clients:
        k_qps, k_p50, _ = results[("karta", c)]
        for name in ("karta", "Sphinx", "PostgreSQL"):
            qps, p50, p99 = results[(name, c)]
            lines.append(f"| {c} | {name} | {qps:,.0f} | {p50:.1f} | {p99:.1f} | {k_qps / qps:.2f} | "
                         f"{p50 / k_p50:.2f} |")
    s1, s16 = results[("Sphinx", min(args.clients))], results[("Sphinx", max(args.clients))]
    k1, k16 = results[("karta", min(args.clients))], results[("karta", max(args.clients))]
    lines += ["", "Targets: p50 at one client ≤ Sphinx's: "
              f"{'met' if k1[1] <= s1[1] else 'not met'} ({k1[1]:.1f} vs {s1[1]:.1f} ms); "
              f"QPS at {max(args.clients)} clients ≥ Sphinx's: "
              f"{'met' if k16[0] >= s16[0] else 'not met'} ({k16[0]:,.0f} vs {s16[0]:,.0f})."]
    bench_util.report(lines, args.markdown)


if __name__ == "__main__":
    main()
