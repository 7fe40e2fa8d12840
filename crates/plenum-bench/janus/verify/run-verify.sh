#!/bin/sh
# run-verify.sh - start Janus in a fresh loopback-only network namespace, run verify.mjs with
# headless Chromium (publisher page + subscriber page), stop Janus. Exit code of verify.mjs.
# Usage: verify/run-verify.sh [verify.mjs options, e.g. --seconds 10 --pub-mode full --sub-mode trickle]
# Needs: janus (apt-get install -y janus, outside the namespace), /usr/bin/chromium,
# playwright-core in web/node_modules (or PLAYWRIGHT_CORE=/path/to/playwright-core/index.mjs).
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
command -v janus >/dev/null 2>&1 || "$HERE/../start-janus.sh" install
exec unshare -rn sh -c '
  set -e
  ip link set lo up
  "$0/../start-janus.sh" start
  rc=0
  node "$0/verify.mjs" "$@" || rc=$?
  "$0/../start-janus.sh" stop
  exit $rc
' "$HERE" "$@"
