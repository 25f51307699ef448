#!/usr/bin/env bash
# Installs what the tests need and runs every test. README's second command; .ci/run calls exactly this.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

# The control-plane cluster tests start a real PostgreSQL 15 and a real Redis from the Debian packages (tests/Shared/
# PostgresFixture.cs, RedisFixture.cs); installed only when missing, so a second run needs no network.
missing=()
[ -x /usr/lib/postgresql/15/bin/initdb ] || missing+=(postgresql-15)
command -v redis-server >/dev/null || missing+=(redis-server)
if [ "${#missing[@]}" -gt 0 ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
fi
dotnet --version >/dev/null

dotnet build Bunsan.slnx -c Release -nologo -v quiet
log=$(mktemp)
status=0
dotnet test Bunsan.slnx -c Release --no-build -nologo --filter "Category!=Timing" 2>&1 | tee "$log" || status=$?
# Timing tests (the WAN delay line's ±0.3 ms) measure the scheduler: run them alone, after the rest,
# so other test processes do not take the cores they measure.
dotnet test tests/Bunsan.Emulation.Tests -c Release --no-build -nologo --filter "Category=Timing" 2>&1 | tee -a "$log" || status=$?

# One closing line over all test projects: "N passed, N failed, N skipped".
sum() { grep -oE "$1: +[0-9]+" "$log" | awk '{s+=$2} END {print s+0}'; }
passed=$(sum Passed); failed=$(sum Failed); skipped=$(sum Skipped)
rm -f "$log"
echo "tests: $passed passed, $failed failed, $skipped skipped"
if [ "$status" -ne 0 ] || [ "$failed" -ne 0 ] || [ "$passed" -eq 0 ]; then
  exit 1
fi
