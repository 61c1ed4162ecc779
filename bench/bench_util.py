"""Helpers the benchmark scripts share: the cached generated corpus, timing a command, and
printing (and saving) the markdown report."""

import os
import shutil
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def ensure_corpus(work, measures, seed, karta):
    """The generated corpus of `measures` measures under `work`, generated once."""
    corpus = os.path.join(work, f"corpus-{measures}-seed{seed}")
    if not os.path.exists(os.path.join(corpus, ".done")):
        print(f"generating {measures} measures into {corpus}", file=sys.stderr, flush=True)
        shutil.rmtree(corpus, ignore_errors=True)
        subprocess.run([sys.executable, os.path.join(ROOT, "bench", "generate_corpus.py"), "--measures",
                        str(measures), "--seed", str(seed), "--out", corpus, "--karta", karta], check=True,
                       stdout=subprocess.DEVNULL)
        open(os.path.join(corpus, ".done"), "w").close()
    return corpus


def median_time(cmd, runs):
    """Median wall seconds of `runs` runs of a command (start-up included)."""
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def report(lines, markdown_path):
    """Prints the report, and writes it to `markdown_path` when one is given."""
    text = "\n".join(lines)
    print(text)
    if markdown_path:
        with open(markdown_path, "w", encoding="utf-8") as f:
            f.write(text + "\n")
