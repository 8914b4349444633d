#!/usr/bin/env bash
# Set up a fresh machine for bbl: the system packages it needs, then npm packages.
#  - chromium: bbl measures slides and prints PDFs in a headless browser (any
#    Chrome/Chromium/Edge works; Debian's chromium is used when nothing else is found).
#  - chromium-headless-shell: the same engine without UI or GPU process; it starts
#    faster, and bbl prefers it when it is there (same pages, same PDFs).
#  - poppler-utils: pdftotext/pdfinfo, used by the tests to read the PDFs.
# Packages already present are left alone; on other systems install a browser by hand.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
if ! command -v chromium >/dev/null && ! command -v chromium-browser >/dev/null \
  && ! command -v google-chrome >/dev/null && [ -z "${CHROME_PATH:-}" ] && [ -z "${PUPPETEER_EXECUTABLE_PATH:-}" ]; then
  need+=(chromium)
fi
# Where apt has it (Debian 12+, Ubuntu has no such package), next to whatever browser is there.
if ! command -v chromium-headless-shell >/dev/null && command -v apt-cache >/dev/null \
  && apt-cache show chromium-headless-shell >/dev/null 2>&1; then
  need+=(chromium-headless-shell)
fi
command -v pdftotext >/dev/null || need+=(poppler-utils)

if [ ${#need[@]} -gt 0 ]; then
  if command -v apt-get >/dev/null; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    echo "setup: installing ${need[*]} (apt-get)" >&2
    export DEBIAN_FRONTEND=noninteractive
    $sudo apt-get update -qq
    $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  else
    echo "setup: please install: ${need[*]} (no apt-get here)" >&2
  fi
fi

# prepare (tsc) runs as part of the install.
npm install --no-audit --no-fund
