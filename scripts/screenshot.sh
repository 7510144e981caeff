#!/usr/bin/env bash
# Render an evidence brief (evrev brief -o BRIEF.html) with headless Chromium: screenshots at 1280 px
# and 360 px wide (full page height), and an A4 PDF. Writes OUTDIR/brief-1280.png, brief-360.png,
# brief.pdf, OUTDIR/dom.html (the DOM after load) and OUTDIR/chromium.log (Chromium's stderr).
#
# The page must load cleanly: with --enable-logging=stderr Chromium writes every console message of
# the page to stderr as an INFO:CONSOLE line, and a blocked request (a Content-Security-Policy
# violation, a failed load) is always reported there as a console message. So any CONSOLE line, or
# a "Refused to" / "Content Security Policy" / "net::ERR_" line, makes this script exit 1 and print
# them; 0 means Chromium rendered the page without a single complaint. The test runs it once on a
# page that breaks the policy too, so a change in Chromium's log format cannot make the check pass
# by seeing nothing.
#
# Usage: scripts/screenshot.sh BRIEF.html OUTDIR [HEIGHT_1280 [HEIGHT_360]]
# Page heights default to what a brief needs (headless Chromium cannot size a screenshot to the page).
set -euo pipefail
if [ $# -lt 2 ]; then
    echo "usage: $0 BRIEF.html OUTDIR [HEIGHT_1280 [HEIGHT_360]]" >&2
    exit 2
fi
brief=$(realpath "$1")
out=$2
h1280=${3:-8000}
h360=${4:-12000}
chromium=${CHROMIUM:-/usr/bin/chromium}
[ -r "$brief" ] || { echo "$0: cannot read $brief" >&2; exit 66; }
command -v "$chromium" >/dev/null || { echo "$0: no Chromium at $chromium (apt-get install -y chromium)" >&2; exit 69; }
mkdir -p "$out"
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
url="file://$brief"
log="$out/chromium.log"
: >"$log"

# Each run is bounded (a hung browser must not hang CI).
run() {
    timeout 120 "$chromium" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --user-data-dir="$profile" --hide-scrollbars --enable-logging=stderr --v=0 \
        "$@" "$url" 2>>"$log"
}

run --window-size=1280,"$h1280" --screenshot="$out/brief-1280.png" >/dev/null
run --window-size=360,"$h360" --screenshot="$out/brief-360.png" >/dev/null
run --no-pdf-header-footer --print-to-pdf="$out/brief.pdf" >/dev/null
# The DOM after load, to confirm Chromium parsed the whole page (the test looks for its last section).
run --dump-dom >"$out/dom.html"
complaints=$(grep -E ':CONSOLE|Refused to|Content Security Policy|net::ERR_' "$log" || true)
if [ -n "$complaints" ]; then
    echo "$0: Chromium reported problems loading $brief:" >&2
    echo "$complaints" >&2
    exit 1
fi
echo "$out/brief-1280.png $out/brief-360.png $out/brief.pdf"
