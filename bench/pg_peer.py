"""A private PostgreSQL server for benchmarks: initdb in a temporary directory, started on a
Unix socket only (no TCP), stopped and removed on exit. Used as the analyst's alternative:
PostgreSQL full-text search with the `russian` configuration."""

import glob
import os
import shutil
import subprocess
import tempfile


def _pg_bin():
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not found:
        raise SystemExit("PostgreSQL server not found: run bench/setup_peers.sh (apt-get install postgresql)")
    return os.path.dirname(found[-1])


class PostgresPeer:
    def __init__(self, port=54329):
        self.port = port
        self.bin = _pg_bin()
        self.dir = tempfile.mkdtemp(prefix="karta-pg-")
        self.data = os.path.join(self.dir, "data")
        # PostgreSQL refuses to run as root; use the postgres account when we are root.
        self.as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if self.as_user:
            shutil.chown(self.dir, "postgres")

    def _run(self, args, **kw):
        return subprocess.run(self.as_user + args, check=True, capture_output=True, text=True, **kw)

    def __enter__(self):
        self._run([f"{self.bin}/initdb", "-D", self.data, "-E", "UTF8", "--locale=C.UTF-8", "-U", "postgres"])
        opts = f"-k {self.dir} -p {self.port} -c listen_addresses='' -c fsync=off"
        self._run([f"{self.bin}/pg_ctl", "-D", self.data, "-o", opts, "-w", "-l",
                   os.path.join(self.dir, "log"), "start"])
        return self

    def __exit__(self, *exc):
        try:
            self._run([f"{self.bin}/pg_ctl", "-D", self.data, "-m", "fast", "-w", "stop"])
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)

    def psql(self, sql, *, stdin=None):
        """Runs SQL; returns rows as lists of strings (tab-separated, unaligned output)."""
        out = subprocess.run(
            ["psql", "-X", "-q", "-A", "-t", "-F", "\t", "-v", "ON_ERROR_STOP=1", "-h", self.dir,
             "-p", str(self.port), "-U", "postgres", "-d", "postgres", "-c", sql],
            check=True, capture_output=True, text=True, input=stdin)
        return [line.split("\t") for line in out.stdout.splitlines() if line]

    def copy_in(self, table, rows):
        """COPY rows (lists of str) into `table` through psql's stdin."""
        def esc(v):
            return v.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
        data = "".join("\t".join(esc(v) for v in row) + "\n" for row in rows)
        subprocess.run(
            ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", self.dir, "-p", str(self.port),
             "-U", "postgres", "-d", "postgres", "-c", f"\\copy {table} from stdin"],
            check=True, capture_output=True, text=True, input=data)
