#!/usr/bin/env python3
"""Search quality of karta against PostgreSQL full-text search (`russian` configuration), in
one run, on the measures of corpus/ and the hand-judged queries of bench/relevance/.

Reports nDCG@10 and recall@20 per query and on average for both systems, and their ratio.
Both see the same fields of every measure: text (highest weight), section heading, agencies,
progress entries and notes. PostgreSQL ranks with ts_rank over websearch_to_tsquery, which is
what an analyst would type into it.

Usage: bench/relevance_bench.py [--karta build/karta] [--corpus corpus] [--markdown FILE]
"""

import argparse
import json
import math
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench_util  # noqa: E402
from pg_peer import PostgresPeer  # noqa: E402

ROOT = bench_util.ROOT


def load_judgments(path):
    queries = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            query, ids = line.split("\t")
            queries.append((query, set(ids.split())))
    return queries


def ndcg_at(ranked, relevant, k=10):
    dcg = sum(1 / math.log2(i + 2) for i, doc in enumerate(ranked[:k]) if doc in relevant)
    ideal = sum(1 / math.log2(i + 2) for i in range(min(len(relevant), k)))
    return dcg / ideal if ideal else 0.0


def recall_at(ranked, relevant, k=20):
    return len(set(ranked[:k]) & relevant) / len(relevant)


def corpus_files(corpus):
    return sorted(os.path.join(corpus, f) for f in os.listdir(corpus) if not f.startswith("."))


def karta_rankings(karta, corpus, queries, workdir):
    db = os.path.join(workdir, "karta-db")
    subprocess.run([karta, "index", "--quiet", "--db", db, corpus], check=True, capture_output=True)
    out = {}
    for query, _ in queries:
        r = subprocess.run([karta, "search", "--db", db, "--format", "json", "-n", "20", query],
                           check=True, capture_output=True, text=True)
        # What the analyst is shown: the matches, then (when they are fewer than the page) the
        # measures like the best matches that karta lists after them, labelled as such.
        page = json.loads(r.stdout)
        out[query] = [h["id"] for h in page["hits"] + page.get("related", [])]
    return out


def plain_xapian_rankings(peer, measures, queries, workdir):
    path = os.path.join(workdir, "measures.json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump([{"id": m[0], "text": m[1], "heading": m[2], "other": m[3]} for m in measures], f,
                  ensure_ascii=False)
    out = subprocess.run([peer, path], input="\n".join(q for q, _ in queries) + "\n",
                         check=True, capture_output=True, text=True).stdout.split("\n")
    return {q: [x for x in out[i].split("\t") if x] for i, (q, _) in enumerate(queries)}


def postgres_rankings(measures, queries):
    out = {}
    with PostgresPeer() as pg:
        pg.psql("CREATE TABLE measures (id text PRIMARY KEY, text text, heading text, other text)")
        pg.copy_in("measures", measures)
        pg.psql("ALTER TABLE measures ADD COLUMN tsv tsvector GENERATED ALWAYS AS ("
                "setweight(to_tsvector('russian', text), 'A') || "
                "setweight(to_tsvector('russian', heading), 'B') || "
                "setweight(to_tsvector('russian', other), 'C')) STORED")
        pg.psql("CREATE INDEX measures_tsv ON measures USING gin (tsv)")
        for query, _ in queries:
            q = query.replace("'", "''")
            rows = pg.psql(f"SELECT id FROM measures, websearch_to_tsquery('russian', '{q}') q "
                           f"WHERE tsv @@ q ORDER BY ts_rank(tsv, q) DESC, id LIMIT 20")
            out[query] = [r[0] for r in rows]
        version = pg.psql("SHOW server_version")[0][0]
    return out, version


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--karta", default=os.path.join(ROOT, "build", "karta"))
    ap.add_argument("--plain-xapian", default=os.path.join(ROOT, "build", "bench", "plain_xapian_peer"))
    ap.add_argument("--corpus", default=os.path.join(ROOT, "corpus"))
    ap.add_argument("--judgments", nargs="+",
                    default=[os.path.join(ROOT, "bench", "relevance", "judgments.tsv")],
                    help="one or more judgment files; several are scored as one set")
    ap.add_argument("--markdown", help="also write the table to this file")
    args = ap.parse_args()

    queries = [q for path in args.judgments for q in load_judgments(path)]
    parsed = json.loads(subprocess.run([args.karta, "parse", "--quiet", "--format", "json"] +
                                       corpus_files(args.corpus),
                                       check=True, capture_output=True, text=True).stdout)
    measures, known = [], set()
    for a in parsed:
        for m in a["measures"]:
            known.add(m["id"])
            other = " ".join(m["spb_agencies"] + m["partner_agencies"] + m["progress"] + m["notes"])
            measures.append([m["id"], m["text"], m["section"]["heading"], other])
    for query, relevant in queries:
        unknown = relevant - known
        if unknown:
            raise SystemExit(f"judgments for «{query}» name unknown measures: {sorted(unknown)}")

    with tempfile.TemporaryDirectory(prefix="karta-bench-") as work:
        systems = {"karta": karta_rankings(args.karta, args.corpus, queries, work)}
        systems["plain Xapian"] = plain_xapian_rankings(args.plain_xapian, measures, queries, work)
        systems["PostgreSQL"], pg_version = postgres_rankings(measures, queries)

    names = list(systems)
    lines = [f"Relevance on corpus/ ({len(measures)} measures, {len(queries)} judged queries); "
             f"plain Xapian (Snowball Russian) and PostgreSQL {pg_version} `russian` FTS in the same run.", "",
             "| query | relevant | " + " | ".join(f"{n} nDCG@10 | {n} R@20" for n in names) + " |",
             "|---|---:|" + "---:|---:|" * len(names)]
    totals = {name: [0.0, 0.0] for name in names}
    for query, relevant in queries:
        row = [query, str(len(relevant))]
        for name in names:
            ranking = systems[name][query]
            n, r = ndcg_at(ranking, relevant), recall_at(ranking, relevant)
            totals[name][0] += n
            totals[name][1] += r
            row += [f"{n:.3f}", f"{r:.3f}"]
        lines.append("| " + " | ".join(row) + " |")
    mean = {name: (t[0] / len(queries), t[1] / len(queries)) for name, t in totals.items()}
    lines.append("| **mean** | | " + " | ".join(f"**{mean[n][0]:.3f}** | **{mean[n][1]:.3f}**" for n in names) + " |")
    lines.append("")
    for peer in names[1:]:
        lines.append("karta / {}: nDCG@10 ×{:.2f}, recall@20 ×{:.2f}".format(
            peer, mean["karta"][0] / max(mean[peer][0], 1e-9), mean["karta"][1] / max(mean[peer][1], 1e-9)))
    bench_util.report(lines, args.markdown)


if __name__ == "__main__":
    main()
