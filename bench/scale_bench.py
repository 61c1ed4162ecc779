#!/usr/bin/env python3
"""karta at scale, side by side with PostgreSQL and Sphinx in one run.

On one generated corpus (bench/generate_corpus.py, default 200,000 measures) it measures:

- ingest: `karta index` from the documents themselves (parsing included) into a new index;
  PostgreSQL from the parsed measures (COPY, a stored `to_tsvector('russian', …)` column with
  weights, GIN index); Sphinx `indexer` (`morphology = stem_ru`) from the same measures as TSV;
- query latency p50/p95 of the same faceted queries through each system's command-line
  client, process start-up included: `karta search --facets`, `psql -c`, `mysql -e` against
  `searchd` (SphinxQL with FACET);
- peak RSS of the ingesting process (PostgreSQL: the largest server process, sampled) and the
  size of the index on disk;
- `karta agencies` and `karta overlap` at each size given with --analytics-measures;
- the ingest cost budget: microseconds per measure in each stage of `karta index
  --stage-times` (read, decode, assemble, canonicalise, analyse, document, Xapian's write and
  commit, merge, registry, links, check), for one writer (`-j 1`, with --serial) and for the default build, beside the
  bare Xapian peer (`plain_xapian_peer --ingest`) given exactly the fields, boolean terms,
  values and stored record of karta's index; the difference is karta's overhead.

The peers are started by the script on private sockets and stopped at the end; install them
with bench/setup_peers.sh. Corpora and karta indexes are cached under --work.

Usage: bench/scale_bench.py [--measures 200000] [--analytics-measures 200000 1000000]
                            [--work /tmp/karta-bench] [--runs 15] [--markdown FILE]
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench_util  # noqa: E402
from pg_peer import PostgresPeer  # noqa: E402

ROOT = bench_util.ROOT

# The same faceted queries for every system: words, an optional region and year.
QUERIES = [
    ("спортсмены", None, None),
    ("культурное наследие", None, None),
    ("туризм", "Пермский край", None),
    ("молодежная политика", None, 2024),
    ("выставка", "Томская область", 2022),
    ("образование", None, None),
]


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def timed_with_rss(cmd, stderr_lines=None):
    """Wall seconds and peak RSS (MiB) of a command, through GNU time; its stderr lines are
    appended to `stderr_lines` when given."""
    with tempfile.NamedTemporaryFile("r") as f, tempfile.TemporaryFile("w+") as err:
        t = time.perf_counter()
        subprocess.run(["/usr/bin/time", "-f", "%M", "-o", f.name] + cmd, check=True,
                       stdout=subprocess.DEVNULL, stderr=err)
        seconds = time.perf_counter() - t
        if stderr_lines is not None:
            err.seek(0)
            stderr_lines.extend(err.read().splitlines())
        return seconds, int(f.read().split()[-1]) / 1024


def stage_table(lines):
    """The stage table of `karta index --stage-times` or the peer: stage → µs per measure."""
    table, inside = {}, False
    for line in lines:
        cells = line.split()
        if cells[:1] == ["stage"]:
            inside = True
        elif inside and len(cells) == 3:
            table[cells[0]] = float(cells[2])
    return table


BUDGET_STAGES = ["read", "decode", "assemble", "canonicalise", "analyse", "document", "xapian-write",
                 "xapian-commit", "merge", "registry", "links", "check", "sum", "wall"]


def peer_budget(karta_db, work):
    """The bare Xapian peer's stage table, writing what `karta_db` holds into a new database."""
    out = os.path.join(work, "plain-xapian-ingest.db")
    peer = os.path.join(ROOT, "build", "bench", "plain_xapian_peer")
    r = subprocess.run([peer, "--ingest", karta_db, out], check=True, capture_output=True, text=True)
    shutil.rmtree(out, ignore_errors=True)
    return stage_table(r.stderr.splitlines())


def dir_size(path):
    total = 0
    for dirpath, _, files in os.walk(path):
        total += sum(os.path.getsize(os.path.join(dirpath, f)) for f in files)
    return total / 2**20


def parsed_measures(karta, corpus, cache):
    """Every measure of the corpus as karta parses it, cached as JSON lines."""
    if not os.path.exists(cache):
        log("parsing the corpus for the peers (not timed)")
        tmp = cache + ".tmp"
        with open(tmp, "w", encoding="utf-8") as out:
            files = sorted(os.path.join(d, f) for d, _, fs in os.walk(corpus) for f in fs if f.endswith(".txt"))
            for i in range(0, len(files), 500):
                docs = json.loads(subprocess.run([karta, "parse", "--quiet", "--format", "json"] + files[i:i + 500],
                                                 check=True, capture_output=True, text=True).stdout)
                for a in docs:
                    for m in a["measures"]:
                        years = []
                        d = m.get("deadline") or {}
                        period = a.get("period") or {}
                        lo = d.get("from") or period.get("from")
                        hi = d.get("to") or period.get("to")
                        if lo and hi and 0 <= hi - lo <= 50:
                            years = list(range(lo, hi + 1))
                        out.write(json.dumps({
                            "region": a.get("region") or "", "kind": a.get("kind") or "",
                            "years": years, "spheres": m.get("spheres", []),
                            "text": m["text"], "heading": m["section"].get("heading", ""),
                            "other": " ".join(m["spb_agencies"] + m["partner_agencies"] + m.get("progress", []) +
                                              m.get("notes", [])),
                        }, ensure_ascii=False) + "\n")
        os.rename(tmp, cache)
    with open(cache, encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def clean(s):
    return " ".join(s.replace("\t", " ").replace("\\", " ").split())


class RssSampler:
    """Largest resident set of any process owned by `user`, sampled every 50 ms."""

    def __init__(self, user):
        import pwd
        self.uid = pwd.getpwnam(user).pw_uid
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        while not self._stop.is_set():
            for pid in os.listdir("/proc"):
                if not pid.isdigit():
                    continue
                try:
                    if os.stat(f"/proc/{pid}").st_uid != self.uid:
                        continue
                    with open(f"/proc/{pid}/status") as f:
                        for line in f:
                            if line.startswith("VmRSS:"):
                                self.peak = max(self.peak, int(line.split()[1]))
                except OSError:
                    pass
            self._stop.wait(0.05)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()


def percentiles(samples):
    s = sorted(samples)
    return statistics.median(s), s[min(len(s) - 1, int(round(0.95 * (len(s) - 1))))]


def latency(make_cmd, runs):
    samples = []
    for q in QUERIES:
        cmd = make_cmd(*q)
        subprocess.run(cmd, check=True, capture_output=True)  # warm the page cache
        for _ in range(runs):
            t = time.perf_counter()
            subprocess.run(cmd, check=True, capture_output=True)
            samples.append(time.perf_counter() - t)
    return percentiles(samples)


# ---------------------------------------------------------------------------------------------
# karta

def karta_ingest(karta, corpus, db, jobs=None, stages=None):
    """Seconds, peak RSS and index size of a new index; with `stages` (a dict), also fills it
    with the stage table of --stage-times."""
    shutil.rmtree(db, ignore_errors=True)
    cmd = [karta, "index", "--quiet", "--db", db] + (["-j", str(jobs)] if jobs else []) + [corpus]
    lines = []
    if stages is not None:
        cmd.insert(2, "--stage-times")
    seconds, rss = timed_with_rss(cmd, lines)
    if stages is not None:
        stages.update(stage_table(lines))
    return seconds, rss, dir_size(db)


def karta_query_cmd(karta, db):
    def make(words, region, year):
        cmd = [karta, "search", "--db", db, "--facets", "--format", "json", "-n", "10", words]
        if region:
            cmd += ["--region", region]
        if year:
            cmd += ["--year", str(year)]
        return cmd
    return make


# ---------------------------------------------------------------------------------------------
# PostgreSQL

PG_TABLE = """
CREATE TABLE m (
  id int PRIMARY KEY, region text, kind text, years int[], spheres text[],
  body text, heading text, other text,
  tsv tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('russian', body), 'A') || setweight(to_tsvector('russian', heading), 'B') ||
    setweight(to_tsvector('russian', other), 'C')) STORED)
"""


def pg_array(items):
    return "{" + ",".join('"' + clean(x).replace('"', "") + '"' for x in items) + "}"


def pg_ingest(pg, rows):
    data = "".join("\t".join([str(i + 1), clean(r["region"]), r["kind"], "{" + ",".join(map(str, r["years"])) + "}",
                              pg_array(r["spheres"]), clean(r["text"]), clean(r["heading"]), clean(r["other"])]) + "\n"
                   for i, r in enumerate(rows))
    pg.psql(PG_TABLE)
    copy = ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", pg.dir, "-p", str(pg.port), "-U", "postgres",
            "-d", "postgres"]
    with RssSampler("postgres") as rss:
        t = time.perf_counter()
        subprocess.run(copy + ["-c", "\\copy m (id, region, kind, years, spheres, body, heading, other) from stdin"],
                       check=True, capture_output=True, text=True, input=data)
        pg.psql("CREATE INDEX m_tsv ON m USING gin (tsv); CREATE INDEX m_region ON m (region); "
                "CREATE INDEX m_years ON m USING gin (years); ANALYZE m")
        seconds = time.perf_counter() - t
    size = int(pg.psql("SELECT pg_total_relation_size('m')")[0][0]) / 2**20
    return seconds, rss.peak / 1024, size


def pg_query_cmd(pg):
    def make(words, region, year):
        where = "tsv @@ q"
        if region:
            where += f" AND region = '{region}'"
        if year:
            where += f" AND years @> ARRAY[{year}]"
        with_q = f"WITH hits AS (SELECT * FROM m, websearch_to_tsquery('russian', '{words}') q WHERE {where})"
        sql = (f"{with_q} SELECT id, ts_rank(tsv, q) r FROM hits ORDER BY r DESC LIMIT 10; "
               f"{with_q} SELECT region, count(*) FROM hits GROUP BY 1; "
               f"{with_q} SELECT s, count(*) FROM hits, unnest(spheres) s GROUP BY 1; "
               f"{with_q} SELECT y, count(*) FROM hits, unnest(years) y GROUP BY 1")
        return ["psql", "-X", "-q", "-A", "-t", "-h", pg.dir, "-p", str(pg.port), "-U", "postgres", "-d",
                "postgres", "-c", sql]
    return make


# ---------------------------------------------------------------------------------------------
# Sphinx

SPHINX_CONF = """
source measures
{{
  type = tsvpipe
  tsvpipe_command = cat {tsv}
  tsvpipe_attr_uint = region_id
  tsvpipe_attr_multi = sphere_ids
  tsvpipe_attr_multi = years
  tsvpipe_field = body
  tsvpipe_field = heading
  tsvpipe_field = other
}}

index measures
{{
  source = measures
  path = {dir}/measures
  morphology = stem_ru
  charset_table = 0..9, A..Z->a..z, _, a..z, U+410..U+42F->U+430..U+44F, U+430..U+44F, U+401->U+435, U+451->U+435
}}

indexer
{{
  mem_limit = 1024M
}}

searchd
{{
  listen = 127.0.0.1:{port}:mysql41
  pid_file = {dir}/searchd.pid
  log = {dir}/searchd.log
  query_log = {dir}/query.log
  binlog_path =
}}
"""


class SphinxPeer:
    def __init__(self, work, port=9316):
        if not shutil.which("indexer") or not shutil.which("mysql"):
            raise SystemExit("Sphinx or the mysql client not found: run bench/setup_peers.sh")
        self.dir = tempfile.mkdtemp(prefix="karta-sphinx-", dir=work)
        self.port = port
        self.conf = os.path.join(self.dir, "sphinx.conf")
        self.regions, self.spheres = {}, {}

    def ingest(self, rows):
        tsv = os.path.join(self.dir, "measures.tsv")
        with open(tsv, "w", encoding="utf-8") as f:
            for i, r in enumerate(rows):
                region = self.regions.setdefault(r["region"], len(self.regions) + 1)
                spheres = ",".join(str(self.spheres.setdefault(s, len(self.spheres) + 1)) for s in r["spheres"])
                f.write("\t".join([str(i + 1), str(region), spheres, ",".join(map(str, r["years"])),
                                   clean(r["text"]), clean(r["heading"]), clean(r["other"])]) + "\n")
        with open(self.conf, "w") as f:
            f.write(SPHINX_CONF.format(tsv=tsv, dir=self.dir, port=self.port))
        seconds, rss = timed_with_rss(["indexer", "--config", self.conf, "--all", "--quiet"])
        size = sum(os.path.getsize(os.path.join(self.dir, f)) for f in os.listdir(self.dir)
                   if f.startswith("measures."))
        return seconds, rss, size / 2**20

    def __enter__(self):
        return self

    def start(self):
        subprocess.run(["searchd", "--config", self.conf], check=True, capture_output=True)
        for _ in range(100):
            if subprocess.run(self.mysql("SHOW STATUS"), capture_output=True).returncode == 0:
                return
            time.sleep(0.1)
        raise SystemExit("searchd did not start")

    def __exit__(self, *exc):
        subprocess.run(["searchd", "--config", self.conf, "--stopwait"], capture_output=True)
        shutil.rmtree(self.dir, ignore_errors=True)

    def mysql(self, sql):
        return ["mysql", "-h", "127.0.0.1", "-P", str(self.port), "--protocol=tcp", "-N", "-e", sql]

    def query_cmd(self):
        def make(words, region, year):
            return self.mysql(sphinx_faceted_sql(words, region, year, self.regions))
        return make


def sphinx_faceted_sql(words, region, year, regions):
    """The SphinxQL of one faceted query: the 10 best hits, then a result set per facet."""
    where = f"MATCH('{words}')"
    if region:
        where += f" AND region_id = {regions.get(region, 0)}"
    if year:
        where += f" AND years = {year}"
    return f"SELECT id, WEIGHT() FROM measures WHERE {where} LIMIT 10 FACET region_id FACET sphere_ids FACET years"


# ---------------------------------------------------------------------------------------------

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--measures", type=int, default=200000)
    ap.add_argument("--analytics-measures", type=int, nargs="*", default=[200000, 1000000])
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--work", default="/tmp/karta-bench")
    ap.add_argument("--runs", type=int, default=15, help="runs of each query (latency) or command (analytics)")
    ap.add_argument("--serial", action="store_true", help="also time `karta index -j 1`")
    ap.add_argument("--karta", default=os.path.join(ROOT, "build", "karta"))
    ap.add_argument("--markdown")
    args = ap.parse_args()
    os.makedirs(args.work, exist_ok=True)
    corpus = bench_util.ensure_corpus(args.work, args.measures, args.seed, args.karta)
    rows = parsed_measures(args.karta, corpus, corpus + ".measures.jsonl")
    n = len(rows)

    ingest, query, budget = {}, {}, {}
    db = corpus + ".db"
    if args.serial:
        log("karta index -j 1")
        budget["karta -j 1"] = {}
        ingest["karta index -j 1"] = karta_ingest(args.karta, corpus, db, jobs=1,
                                                  stages=budget["karta -j 1"])
    log("karta index")
    budget["karta (2 writers)"] = {}
    ingest["karta"] = karta_ingest(args.karta, corpus, db, stages=budget["karta (2 writers)"])
    log("bare Xapian peer: the same documents written with Xapian alone")
    budget["bare Xapian"] = peer_budget(db, args.work)
    log("karta queries")
    query["karta"] = latency(karta_query_cmd(args.karta, db), args.runs)

    with PostgresPeer() as pg:
        pg_version = pg.psql("SHOW server_version")[0][0]
        log("PostgreSQL ingest")
        ingest["PostgreSQL"] = pg_ingest(pg, rows)
        log("PostgreSQL queries")
        query["PostgreSQL"] = latency(pg_query_cmd(pg), args.runs)

    with SphinxPeer(args.work) as sphinx:
        log("Sphinx indexer")
        ingest["Sphinx"] = sphinx.ingest(rows)
        sphinx.start()
        log("Sphinx queries")
        query["Sphinx"] = latency(sphinx.query_cmd(), args.runs)

    analytics = []
    for size in args.analytics_measures:
        c = corpus if size == args.measures else bench_util.ensure_corpus(args.work, size, args.seed, args.karta)
        d = c + ".db"
        if not os.path.exists(os.path.join(d, "iamglass")):
            log(f"karta index of {size} measures")
            secs, _, _ = karta_ingest(args.karta, c, d)
            log(f"  {secs:.1f} s")
        count = json.loads(subprocess.run([args.karta, "search", "--db", d, "--format", "json", "-n", "0"],
                                          check=True, capture_output=True, text=True).stdout)["total"]
        log(f"analytics on {count} measures")
        for name, extra in [("agencies --format json", ["agencies", "--format", "json"]),
                            ("overlap --format json", ["overlap", "--format", "json"])]:
            analytics.append((count, name, bench_util.median_time([args.karta] + extra + ["--db", d], min(args.runs, 5))))

    k_ingest = ingest["karta"][0]
    lines = [f"Generated corpus of {n:,} measures ({sum(len(f) for _, _, f in os.walk(corpus)) - 1:,} documents), "
             f"one run on {os.cpu_count()} cores: karta, PostgreSQL {pg_version}, Sphinx 2.2.", "",
             "| system | ingest s | measures/s | karta speed × | peak RSS MiB | index MiB | query p50 ms | "
             "query p95 ms |", "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for name, (secs, rss, size) in ingest.items():
        p50, p95 = query.get(name, (None, None)) if name in query else (None, None)
        lines.append(f"| {name} | {secs:.1f} | {n / secs:,.0f} | {secs / k_ingest:.2f} | {rss:,.0f} | {size:,.0f} | "
                     + (f"{p50 * 1000:.1f} | {p95 * 1000:.1f} |" if p50 is not None else "— | — |"))
    lines += ["", "karta speed ×: the system's ingest time over karta's (above 1: karta is faster). Queries: "
              f"{len(QUERIES)} faceted queries × {args.runs} runs through each command-line client, start-up "
              "included.", "", "| measures | analytics command | karta s | target < 1 s |", "|---:|---|---:|---|"]
    for count, name, t in analytics:
        lines.append(f"| {count:,} | {name} | {t:.3f} | {'ok' if t < 1 else 'over'} |")
    names = list(budget)
    lines += ["", "Ingest cost budget, µs per measure (stages summed over threads; `wall`: the run's time "
              "per measure; the bare Xapian peer is timed without reading its input):", "",
              "| stage | " + " | ".join(names) + " |", "|---|" + "---:|" * len(names)]
    for stage in BUDGET_STAGES:
        cells = [f"{budget[n][stage]:.1f}" if stage in budget[n] else "—" for n in names]
        lines.append(f"| {stage} | " + " | ".join(cells) + " |")
    bare = budget["bare Xapian"].get("wall")
    if "karta -j 1" in budget and bare:
        ratio = budget["karta -j 1"]["wall"] / bare
        lines.append(f"\nkarta with one writer ÷ bare Xapian (wall): {ratio:.2f} (target ≤ 1.5: "
                     f"{'met' if ratio <= 1.5 else 'not met'}).")
    pg = ingest.get("PostgreSQL")
    if pg:
        ratio = ingest["karta"][0] / pg[0]
        lines.append(f"karta on {os.cpu_count()} cores ÷ PostgreSQL (ingest time): {ratio:.2f} (target ≤ 1: "
                     f"{'met' if ratio <= 1 else 'not met'}); ÷ Sphinx: {ingest['karta'][0] / ingest['Sphinx'][0]:.2f}.")
    bench_util.report(lines, args.markdown)


if __name__ == "__main__":
    main()
