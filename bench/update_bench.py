#!/usr/bin/env python3
"""Update of one changed file in a large index (issue 15: under 2 s at 1,000,000 measures).

Builds (once, cached under --work) an index of the generated corpus, then edits one plan of the
corpus in place, runs `karta index --stage-times` over the whole corpus, and times it; --runs
times, the edit undone and redone in turn, then the file put back as it was. Also times a run
in which nothing changed. Prints the stage table of each run (where the time went) and the
verdict against the target.

    bench/update_bench.py --measures 1000000 --markdown bench/results/update-1m.md
"""

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import time

import bench_util

ROOT = bench_util.ROOT
TARGET_S = 2.0
STAGES = ["read", "registry", "links", "check", "xapian-commit", "sum", "wall"]
EDIT = ("Сотрудничество в области", "Сотрудничество (изменено) в области")


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def stage_seconds(stderr):
    """Seconds per stage from `karta index --stage-times` output."""
    out = {}
    for line in stderr.splitlines():
        m = re.match(r"^(\S+)\s+([0-9.]+)\s+[0-9.]+$", line.strip())
        if m:
            out[m.group(1)] = float(m.group(2))
    return out


def timed_update(karta, db, corpus):
    """Wall seconds, peak RSS (MiB), stage seconds and summary line of one `karta index` run."""
    t = time.perf_counter()
    r = subprocess.run(["/usr/bin/time", "-f", "maxrss %M", karta, "index", "--stage-times", "--db", db,
                        corpus], capture_output=True, text=True)
    wall = time.perf_counter() - t
    if r.returncode != 0:
        sys.exit(f"karta index failed ({r.returncode}):\n{r.stderr[-2000:]}")
    rss = re.search(r"maxrss (\d+)", r.stderr)
    summary = r.stdout.strip().splitlines()[-1] if r.stdout.strip() else ""
    return wall, int(rss.group(1)) / 1024 if rss else float("nan"), stage_seconds(r.stderr), summary


def first_plan(corpus):
    for dirpath, dirnames, filenames in os.walk(corpus):
        dirnames.sort()
        for name in sorted(filenames):
            if name.endswith("_plan.txt"):
                return os.path.join(dirpath, name)
    sys.exit(f"no plan in {corpus}")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--measures", type=int, default=1000000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--work", default="/tmp/karta-bench")
    ap.add_argument("--db", help="an index of the same corpus to update (default: built once under --work)")
    ap.add_argument("--karta", default=os.path.join(ROOT, "build", "karta"))
    ap.add_argument("--markdown")
    args = ap.parse_args()
    karta = os.path.abspath(args.karta)
    corpus = bench_util.ensure_corpus(args.work, args.measures, args.seed, karta)
    db = args.db or os.path.join(args.work, f"update-{args.measures}-seed{args.seed}")
    if not args.db and not os.path.exists(db + ".done"):
        log(f"indexing {corpus} into {db}")
        shutil.rmtree(db, ignore_errors=True)
        subprocess.run([karta, "index", "--quiet", "--db", db, corpus], check=True, stdout=subprocess.DEVNULL)
        open(db + ".done", "w").close()

    plan = first_plan(corpus)
    with open(plan, encoding="utf-8", errors="surrogateescape") as f:
        original = f.read()
    if EDIT[0] not in original and EDIT[1] not in original:
        sys.exit(f"{plan}: no «{EDIT[0]}» to edit")
    original = original.replace(EDIT[1], EDIT[0], 1)

    def write(text):
        with open(plan, "w", encoding="utf-8", errors="surrogateescape") as f:
            f.write(text)

    rows = []
    try:
        write(original)
        log("settling: an update that puts the plan as it was")
        timed_update(karta, db, corpus)
        time.sleep(1.2)  # the plan settled: its stamp is kept by the next run
        wall, rss, stages, summary = timed_update(karta, db, corpus)
        rows.append(("nothing changed, one stamp renewed", wall, rss, stages, summary))
        wall, rss, stages, summary = timed_update(karta, db, corpus)
        rows.append(("nothing changed", wall, rss, stages, summary))
        for i in range(args.runs):
            write(original.replace(EDIT[0], EDIT[1], 1) if i % 2 == 0 else original)
            wall, rss, stages, summary = timed_update(karta, db, corpus)
            rows.append((f"1 file changed ({i + 1})", wall, rss, stages, summary))
    finally:
        write(original)
        subprocess.run([karta, "index", "--quiet", "--db", db, corpus], stdout=subprocess.DEVNULL)

    changed = [r[1] for r in rows if r[0].startswith("1 file")]
    median = statistics.median(changed)
    out = [f"# Update of one changed file: {args.measures:,} measures (`bench/update_bench.py`)", "",
           f"Corpus `{corpus}`, index `{db}`, the file edited: `{os.path.relpath(plan, corpus)}`.",
           f"{rows[-1][4]}", "",
           "| run | wall s | peak RSS MiB | " + " | ".join(STAGES[:-1]) + " |",
           "|---|---:|---:|" + "---:|" * (len(STAGES) - 1)]
    for name, wall, rss, stages, _ in rows:
        out.append(f"| {name} | {wall:.2f} | {rss:.0f} | " +
                   " | ".join(f"{stages.get(s, 0):.3f}" for s in STAGES[:-1]) + " |")
    verdict = "met" if median < TARGET_S else "NOT met"
    out += ["", f"Median of the changed-file runs: **{median:.2f} s** (target < {TARGET_S:.0f} s: {verdict})."]
    bench_util.report(out, args.markdown)


if __name__ == "__main__":
    main()
