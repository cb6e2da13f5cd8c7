#!/usr/bin/env bash
# The scale-out test runs two app processes sharing Socket.IO rooms through Redis (Debian's redis-server);
# the test starts its own server on a free loopback port. Install the package if it is missing.
set -euo pipefail
if command -v redis-server >/dev/null 2>&1; then exit 0; fi
if [ "$(id -u)" != 0 ]; then
  echo "redis-server is missing: run 'sudo apt-get install redis-server' (the scale-out test needs it)" >&2
  exit 1
fi
echo "installing Debian's redis-server for the scale-out test..."
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends redis-server >/dev/null
# The package starts a system-wide instance on :6379; the tests use their own, so stop it when systemd is absent too.
if command -v service >/dev/null 2>&1; then service redis-server stop >/dev/null 2>&1 || true; fi
