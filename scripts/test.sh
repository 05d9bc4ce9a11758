#!/usr/bin/env bash
# Runs every test of the Recording Grid on a fresh machine that has the .NET 10 SDK and Node/npm.
# Installs what the tests need (the Azure Storage emulator from npm; SoftHSM2 and Chromium from Debian), builds
# once, runs the suite.
# Each test fixture starts its own Azurite on free loopback ports and stops it by process id.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== prerequisites"
missing=""
# SoftHSM2: the PKCS#11 HSM the key-custody tests run against. Chromium: the dashboard and console browser tests.
# SIPp (sip-tester): the independent SIP/RTP peer of the SIPREC server's tests (its pcap playback needs root).
{ command -v softhsm2-util >/dev/null 2>&1 && [ -f /usr/lib/softhsm/libsofthsm2.so ]; } || missing="$missing softhsm2"
command -v chromium >/dev/null 2>&1 || missing="$missing chromium"
command -v sipp >/dev/null 2>&1 || missing="$missing sip-tester"
# Python 3 with 'cryptography': the audit-log verifier written from docs/audit-log.md alone (docs/tools/verify_audit.py).
python3 -c "import cryptography" >/dev/null 2>&1 || missing="$missing python3-cryptography"
if [ -n "$missing" ]; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq $missing >/dev/null
fi
if [ ! -x node_modules/.bin/azurite ]; then
  npm ci --no-audit --no-fund
fi

echo "== build"
dotnet build Grid.sln -c Release --nologo -v quiet

echo "== test"
mkdir -p artifacts/test
log=artifacts/test/dotnet-test.log
set +e
dotnet test Grid.sln -c Release --no-build --nologo \
  --blame-hang-timeout 10m \
  --results-directory artifacts/test \
  --logger "trx;LogFileName=results.trx" "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

count() { grep -Eo "$1: +[0-9]+" "$log" | awk '{ s += $2 } END { print s + 0 }'; }
passed=$(count Passed)
failed=$(count Failed)
echo "${passed:-0} passed, ${failed:-0} failed"
if [ "$status" -eq 0 ] && [ "${passed:-0}" -eq 0 ]; then
  echo "no test ran" >&2
  exit 1
fi
exit "$status"
