#!/usr/bin/env bash
# Installs everything karta needs to build and test on Debian 12 (run as root, or with sudo
# available). Safe to run repeatedly: it only calls apt-get when a package is missing.
set -euo pipefail

packages=(
  build-essential cmake pkg-config
  libxapian-dev            # the search index
  xapian-tools             # xapian-tcpsrv: remote shards (and their test)
  libboost-locale-dev      # Unicode case folding, charset conversion (CP1251, UTF-16)
  libcli11-dev             # command-line parsing
  nlohmann-json3-dev       # JSON output
  libzip-dev               # DOCX and ODT are zip packages
  libxml2-dev              # their XML, and HTML pages (libxml2's HTML parser)
  libpoppler-cpp-dev       # PDF text layer with word positions
  libhunspell-dev hunspell-ru  # the Russian dictionary: words a PDF cut at a line end
  libxlsxwriter-dev        # .xlsx exports (search results, analytics matrices)
  libcpp-httplib-dev       # karta serve: the HTTP server
  libjemalloc-dev          # the karta binary's allocator (index builds: speed, bounded memory)
  libgtest-dev libgmock-dev  # tests
  help2man                 # the man page, written from the help at build time
  python3                  # the corpus generator of bench/, exercised by a test
  chromium                 # the web page's browser test (headless)
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

sudo_cmd=()
[[ $(id -u) -eq 0 ]] || sudo_cmd=(sudo)
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}" >&2
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "setup: all build dependencies present" >&2
fi

# The browser test drives Debian's Chromium through playwright-core (npm; it downloads no
# browser). Node.js from Debian when the machine has none.
if ! command -v npm >/dev/null; then
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends nodejs npm
fi
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [[ ! -d "$here/tests/browser/node_modules/playwright-core" ]]; then
  echo "setup: installing playwright-core for the browser test" >&2
  (cd "$here/tests/browser" && npm ci --no-audit --no-fund --loglevel=error)
fi
