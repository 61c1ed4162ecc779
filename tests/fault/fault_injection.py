#!/usr/bin/env python3
"""Fault injection for `karta index`: the index holds exactly the previous or the new content
whatever happens to the run, and nothing outside the index directory changes.

Bounded and local: temporary directories only, no network. Each round is one of
  * a new build (parallel, 2 jobs) or an update (serial: files added, changed and deleted),
    killed with SIGKILL at a random moment, when its merge starts, or as soon as its merge has
    completed (the install), while `karta search` runs concurrently; then the next run must
    complete and the index must equal a clean build of the same documents;
  * a full disk (a small tmpfs, where mounting is allowed; skipped with a message where not):
    the run fails saying the disk is full, the index is unchanged, a run that changes nothing
    succeeds;
  * index files corrupted at random offsets: `karta index` writes nothing and names the damage
    (or, where the bytes hit an unused block, completes), `karta search` never crashes.
Prints the figures (kills, searches, faults, measures lost) and exits 1 on any violation.

    tests/fault/fault_injection.py --karta build/karta [--kills 50] [--measures 2000] [--seed 1]
"""
import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CRASH_EXITS = {4}  # «internal error»; a negative code is a signal


class Failure(Exception):
    pass


def run(args, **kw):
    return subprocess.run(args, capture_output=True, text=True, errors="replace", **kw)


class Karta:
    def __init__(self, binary):
        self.binary = binary

    def index(self, db, paths, jobs=None):
        args = [self.binary, "index", "--db", str(db), *map(str, paths)]
        if jobs:
            args += ["--jobs", str(jobs)]
        return run(args)

    def start_index(self, db, paths, jobs=None, force=False):
        args = [self.binary, "index", "--db", str(db), *map(str, paths)]
        if jobs:
            args += ["--jobs", str(jobs)]
        if force:
            args.append("--force")
        return subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    def search(self, db, limit=0, *query):
        return run([self.binary, "search", "--db", str(db), "--format", "json", "-n", str(limit),
                    *query])

    def content(self, db):
        """The index's measures as {id: (text, region, file name)}, or None when there is no index."""
        r = self.search(db, 10_000_000)
        if r.returncode == 3:
            return None
        if r.returncode != 0:
            raise Failure(f"search of {db} exited {r.returncode}: {r.stderr.strip()}")
        hits = json.loads(r.stdout)["hits"]
        return {h["id"]: (h["text"], h["region"], h["file"]) for h in hits}


def snapshot(root, skip):
    """Every file under `root` except the index and its build directories: path → (size, mtime)."""
    out = {}
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if not any(d == s or d.startswith(s + ".") for s in skip)]
        for f in filenames:
            p = os.path.join(dirpath, f)
            st = os.lstat(p)
            out[p] = (st.st_size, st.st_mtime_ns)
    return out


class Searcher(threading.Thread):
    """Runs `karta search` over `db` until stopped; every answer must be a count the index held
    before or after the run, or the documented «being built» refusal (exit 3)."""

    def __init__(self, karta, db, allowed_totals):
        super().__init__(daemon=True)
        self.karta, self.db, self.allowed = karta, db, allowed_totals
        self.stop = threading.Event()
        self.count = 0
        self.errors = []

    def run(self):
        while not self.stop.is_set():
            r = self.karta.search(self.db, 0, "развитие")
            self.count += 1
            if r.returncode < 0 or r.returncode in CRASH_EXITS:
                self.errors.append(f"search exited {r.returncode}: {r.stderr.strip()[:300]}")
            elif r.returncode == 0:
                total = json.loads(r.stdout)["total"]
                if total not in self.allowed:
                    self.errors.append(f"search saw {total} hits, neither before nor after "
                                       f"({sorted(self.allowed)})")
            elif r.returncode != 3:
                self.errors.append(f"search exited {r.returncode}: {r.stderr.strip()[:300]}")


def make_versions(work, measures, seed):
    """Two versions of one document folder: v2 drops some files of v1, changes some and adds
    new ones. Returns (v1, v2) directories."""
    gen = work / "generated"
    run([sys.executable, str(ROOT / "bench" / "generate_corpus.py"), "--measures", str(measures),
         "--out", str(gen), "--seed", str(seed)], check=True)
    files = sorted(p for p in gen.rglob("*") if p.is_file())
    rng = random.Random(seed)
    rng.shuffle(files)
    n = len(files)
    common, only1, only2 = files[: n * 3 // 5], files[n * 3 // 5: n * 4 // 5], files[n * 4 // 5:]
    changed = set(common[: max(1, len(common) // 10)])
    v1, v2 = work / "v1", work / "v2"
    for d in (v1, v2):
        d.mkdir()
    for i, f in enumerate(common + only1):
        shutil.copy(f, v1 / f"{i:05d}{f.suffix}")
    for i, f in enumerate(common + only2):
        if i >= len(common):
            i += len(only1)
        data = f.read_bytes()
        if f in changed:
            # One more word in the first measure's line that has text: a changed document.
            data = data.replace("\tОбмен".encode(), "\tВзаимный обмен".encode(), 1).replace(
                "\tОбмен".encode("cp1251"), "\tВзаимный обмен".encode("cp1251"), 1)
        (v2 / f"{i:05d}{f.suffix}").write_bytes(data)
    return v1, v2


def wait_for(proc, predicate, deadline):
    while proc.poll() is None and time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.0005)
    return False


def build_dirs(db):
    return [p for p in db.parent.glob(db.name + ".build-*")]


class Probe:
    def __init__(self, karta, work, rng):
        self.karta, self.work, self.rng = karta, work, rng
        self.kills = self.searches = self.faults = self.lost = 0
        self.kill_modes = {}
        self.violations = []

    def check(self, cond, message):
        if not cond:
            self.violations.append(message)
            print("  VIOLATION:", message, file=sys.stderr)

    def lost_measures(self, expected, found):
        missing = set(expected) - set(found or {})
        self.lost += len(missing)
        return len(missing)

    def kill_round(self, db, docs, before, after, jobs, label, force=False):
        """One run killed at a chosen point while searches run; checks the index and recovery.
        `before` and `after` are (content, seconds a clean build took, hits of the search)."""
        (before, _, before_hits), (after, expected_time, after_hits) = before, after
        outside = snapshot(self.work, {db.name, "generated"})
        searcher = Searcher(self.karta, db, {before_hits, after_hits})
        searcher.start()
        mode = self.rng.choice(["time", "time", "merge", "install"] if jobs else ["time"])
        proc = self.karta.start_index(db, [docs], jobs, force)
        deadline = time.monotonic() + expected_time * 3 + 10
        if mode == "time":
            wait_for(proc, lambda: False, time.monotonic() + self.rng.uniform(0, expected_time))
        elif mode == "merge":
            wait_for(proc, lambda: any((b / "merged").exists() for b in build_dirs(db)), deadline)
        else:
            wait_for(proc, lambda: any((b / "merged-complete").exists() for b in build_dirs(db)),
                     deadline)
        killed = proc.poll() is None
        if killed:
            proc.send_signal(signal.SIGKILL)
            self.kills += 1
            self.kill_modes[mode] = self.kill_modes.get(mode, 0) + 1
        proc.wait()
        stderr = proc.stderr.read().decode(errors="replace")
        proc.stderr.close()
        searcher.stop.set()
        searcher.join()
        self.searches += searcher.count
        for e in searcher.errors:
            self.check(False, f"{label}: {e}")
        if not killed and force:
            self.check("built anew" in stderr, f"{label}: the --force run did not rebuild: "
                       f"{stderr[-300:]}")
        if not killed:
            self.check(proc.returncode == 0, f"{label}: unkilled run exited {proc.returncode}: "
                       f"{stderr[-300:]}")
        state = self.karta.content(db)
        self.check(state in (before, after) or (before is None and state == {}),
                   f"{label} killed ({mode}): the index holds {len(state or {})} measures, "
                   f"neither the previous {len(before or {})} nor the new {len(after)}")
        r = self.karta.index(db, [docs], jobs)
        self.check(r.returncode == 0, f"{label}: the run after the kill exited {r.returncode}: "
                   f"{r.stderr[-400:]}")
        state = self.karta.content(db)
        n = self.lost_measures(after, state)
        self.check(state == after, f"{label}: after recovery the index differs from a clean "
                   f"build ({n} measures missing, {len(state or {})} vs {len(after)})")
        self.check(not build_dirs(db), f"{label}: build directories left: " + "; ".join(
            f"{b} holding {sorted(p.name for p in b.iterdir())}" for b in build_dirs(db)))
        self.check(snapshot(self.work, {db.name, "generated"}) == outside,
                   f"{label}: files outside the index changed")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--karta", required=True)
    ap.add_argument("--kills", type=int, default=50, help="SIGKILLs to deliver")
    ap.add_argument("--measures", type=int, default=2000)
    ap.add_argument("--corruptions", type=int, default=20)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    karta = Karta(os.path.abspath(args.karta))
    rng = random.Random(args.seed)
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="karta-fault-") as tmp:
        work = Path(tmp)
        v1, v2 = make_versions(work, args.measures, args.seed)
        probe = Probe(karta, work, rng)
        # What a clean build of each version holds: (content, seconds, hits of the search).
        clean = {}
        for name in ("v1", "v2"):
            db = work / f"clean-{name}"
            t = time.monotonic()
            r = karta.index(db, [work / name])
            if r.returncode != 0:
                raise SystemExit(f"clean build of {name} exited {r.returncode}: {r.stderr[-500:]}")
            took = time.monotonic() - t
            hits = json.loads(karta.search(db, 0, "развитие").stdout)["total"]
            clean[name] = (karta.content(db), took, hits)
            shutil.rmtree(db)
        print(f"documents: v1 {len(clean['v1'][0])} measures, v2 {len(clean['v2'][0])}; "
              f"clean build {clean['v1'][1]:.1f} s", file=sys.stderr)
        empty = (None, 0.0, 0)

        # Kills: the folder `docs` alternates between the two versions; a round is a new build
        # (empty index), or an update of the index built in the round before: in place, or
        # (--force over every file of the index) rebuilt in parallel and put in its place.
        db, docs = work / "db", work / "docs"
        current, indexed = empty, None  # what the index holds, and from which version
        rounds = {}  # rounds of each kind
        in_docs = None  # the version now in `docs`
        k = 0
        while probe.kills < args.kills and k < 3 * args.kills:  # a run may finish before its kill
            k += 1
            new_build = current is empty or rng.random() < 0.3
            if new_build:
                shutil.rmtree(db, ignore_errors=True)
                current, version = empty, rng.choice(["v1", "v2"])
            else:
                version = "v2" if indexed == "v1" else "v1"
            if in_docs != version:
                if in_docs:
                    docs.rename(work / in_docs)
                (work / version).rename(docs)
                in_docs = version
            rebuild = not new_build and rng.random() < 0.4
            kind = "new build" if new_build else "rebuild" if rebuild else "update"
            label = f"round {k} ({kind} to {version})"
            rounds[kind] = rounds.get(kind, 0) + 1
            probe.kill_round(db, docs, current, clean[version], 2 if new_build or rebuild else None,
                             label, force=rebuild)
            current, indexed = clean[version], version

        full_disk(probe, karta, work, docs)
        corruptions(probe, karta, work, docs, args.corruptions)

        print(f"fault injection: {sum(rounds.values())} rounds ({', '.join(f'{v} {k}' for k, v in sorted(rounds.items()))}), "
              f"{probe.kills} kills ({', '.join(f'{v} {k}' for k, v in sorted(probe.kill_modes.items()))}), "
              f"{probe.searches} concurrent searches, {probe.faults} disk and corruption faults, "
              f"{probe.lost} measures lost, {len(probe.violations)} violations "
              f"({time.monotonic() - started:.0f} s)")
        return 1 if probe.violations else 0


def full_disk(probe, karta, work, docs):
    mnt = work / "small-disk"
    mnt.mkdir()
    r = run(["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(mnt)])
    if r.returncode != 0:
        print(f"full disk: skipped (cannot mount a small tmpfs here: {r.stderr.strip()})",
              file=sys.stderr)
        return
    try:
        db = mnt / "db"
        small = work / "small-docs"
        small.mkdir()
        for f in sorted(ROOT.glob("corpus/*.txt")):
            shutil.copy(f, small / f.name)
        r = karta.index(db, [small])
        probe.check(r.returncode == 0, f"full disk: the small index failed: {r.stderr[-300:]}")
        before = karta.content(db)
        for jobs in (None, 2):  # an update, then a new build beside it
            target = db if jobs is None else mnt / "db2"
            r = karta.index(target, [docs], jobs)
            probe.faults += 1
            probe.check(r.returncode == 3 and "disk holding the index is full" in r.stderr,
                        f"full disk ({'update' if jobs is None else 'new build'}): exit "
                        f"{r.returncode}, «{r.stderr.strip()[-300:]}»")
            probe.check(not build_dirs(target), "full disk: build directories left")
        probe.check(karta.content(db) == before, "full disk: the index changed")
        r = karta.index(db, [small])
        probe.check(r.returncode == 0, f"full disk: a run changing nothing exited {r.returncode}: "
                    f"{r.stderr[-300:]}")
        probe.lost_measures(before, karta.content(db))
    finally:
        run(["umount", str(mnt)])


def corruptions(probe, karta, work, docs, count):
    base = work / "corrupt-base"
    r = karta.index(base, [ROOT / "corpus"])
    probe.check(r.returncode == 0, "corruption: the base index failed")
    tables = sorted(p.name for p in base.glob("*.glass"))
    outcomes = {}
    for i in range(count):
        db = work / "corrupt"
        shutil.rmtree(db, ignore_errors=True)
        shutil.copytree(base, db)
        table = db / probe.rng.choice(tables)
        size = table.stat().st_size
        with open(table, "r+b") as f:
            f.seek(probe.rng.randrange(size))
            f.write(bytes(probe.rng.randrange(256) for _ in range(probe.rng.choice([1, 16, 512]))))
        probe.faults += 1
        s = karta.search(db, 5, "спорт")
        probe.check(s.returncode >= 0 and s.returncode not in CRASH_EXITS,
                    f"corruption {i} ({table.name}): search exited {s.returncode}: "
                    f"{s.stderr[-300:]}")
        r = karta.index(db, [docs])
        ok = r.returncode in (0, 1) or (r.returncode == 3 and "damaged" in r.stderr)
        probe.check(ok, f"corruption {i} ({table.name}): index exited {r.returncode}: "
                    f"{r.stderr[-300:]}")
        key = "written" if r.returncode in (0, 1) else "refused as damaged" if ok else "other"
        outcomes[key] = outcomes.get(key, 0) + 1
    print(f"corruptions: {outcomes}", file=sys.stderr)


if __name__ == "__main__":
    try:
        sys.exit(main())
    except Failure as e:
        print(f"fault injection: {e}", file=sys.stderr)
        sys.exit(1)
