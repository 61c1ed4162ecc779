#!/usr/bin/env bash
# Installs the peers the benchmarks compare karta with (Debian packages): PostgreSQL, Sphinx
# (with the MariaDB client to query searchd over SphinxQL), and the load clients of
# bench/serve_bench.py.
set -euo pipefail
need=()
dpkg-query -W -f='${Status}' postgresql 2>/dev/null | grep -q "install ok installed" || need+=(postgresql)
dpkg-query -W -f='${Status}' sphinxsearch 2>/dev/null | grep -q "install ok installed" || need+=(sphinxsearch)
dpkg-query -W -f='${Status}' mariadb-client 2>/dev/null | grep -q "install ok installed" || need+=(mariadb-client)
dpkg-query -W -f='${Status}' time 2>/dev/null | grep -q "install ok installed" || need+=(time)
dpkg-query -W -f='${Status}' python3 2>/dev/null | grep -q "install ok installed" || need+=(python3)
# bench/serve_bench.py: persistent connections to PostgreSQL and to searchd (SphinxQL), and wrk.
for p in python3-psycopg2 python3-mysqldb wrk; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || need+=("$p")
done
if ((${#need[@]})); then
  sudo_cmd=()
  [[ $(id -u) -eq 0 ]] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${need[@]}"
fi
