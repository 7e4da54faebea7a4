#!/usr/bin/env bash
# Runs every test suite of EpiCommand. Installs what the tests need and is missing (Debian's chromium,
# fonts-noto-cjk, postgresql, LibreOffice Writer to check the .docx notices), starts a throwaway PostgreSQL cluster on loopback, runs the domain, API
# (SQLite and PostgreSQL), component and browser tests, and exits non-zero if anything failed.
set -euo pipefail
cd "$(dirname "$0")"

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || missing+=(fonts-noto-cjk)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
command -v soffice >/dev/null 2>&1 || missing+=(libreoffice-writer-nogui)
if [ ${#missing[@]} -gt 0 ]; then
  echo "test.sh: installing ${missing[*]}"
  if [ "$(id -u)" -ne 0 ]; then echo "test.sh: run as root to install ${missing[*]}" >&2; exit 1; fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# A throwaway PostgreSQL cluster on a free loopback port, removed on exit.
pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
pgdata=$(mktemp -d /tmp/epicommand-pg.XXXXXX)
pgport=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
as_postgres() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" -eq 0 ] && chown postgres "$pgdata"
stop_pg() { as_postgres "$pgbin/pg_ctl" -D "$pgdata" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$pgdata"; }
trap stop_pg EXIT
as_postgres "$pgbin/initdb" -D "$pgdata" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
as_postgres "$pgbin/pg_ctl" -D "$pgdata" -l "$pgdata/server.log" -w \
  -o "-p $pgport -k $pgdata -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >/dev/null
export EPICOMMAND_TEST_POSTGRES="Host=127.0.0.1;Port=$pgport;Username=postgres"
echo "test.sh: PostgreSQL $("$pgbin/postgres" --version | awk '{print $3}') on 127.0.0.1:$pgport"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build EpiCommand.slnx -c Release -v quiet -nologo

# Tests run in an order drawn from a seed (tests/Shared/RandomOrder.cs); the same seed repeats the order.
seed=${EPICOMMAND_TEST_SEED:-$(( (RANDOM << 15) | RANDOM ))}
echo "test.sh: test order seed $seed (EPICOMMAND_TEST_SEED=$seed ./test.sh repeats it)"

results=artifacts/test-results
rm -rf "$results"
status=0
timings=()
# name | project | filter: the web tests run twice, once per database, so that each half is timed.
for suite in "domain|tests/EpiCommand.Domain.Tests|" \
             "web-sqlite|tests/EpiCommand.Web.Tests|FullyQualifiedName!~.Postgres" \
             "web-postgres|tests/EpiCommand.Web.Tests|FullyQualifiedName~.Postgres" \
             "browser|tests/EpiCommand.BrowserTests|"; do
  IFS='|' read -r name project filter <<<"$suite"
  started=$SECONDS
  dotnet test "$project" -c Release --no-build ${filter:+--filter "$filter"} --logger "trx;LogFileName=$name.trx" \
    --results-directory "$results" -- "xUnit.Seed=$seed" || status=1
  timings+=("$name=$((SECONDS - started))")
done

# Closing lines: each suite with its time, then one line for all suites, counted from the TRX files.
python3 - "$results" "$seed" "${timings[@]}" <<'PY'
import os, sys, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
results, seed, timings = sys.argv[1], sys.argv[2], dict(t.split("=") for t in sys.argv[3:])
total = [0, 0, 0]
for name, seconds in timings.items():
    path = os.path.join(results, name + ".trx")
    counts = [0, 0, 0]
    if os.path.exists(path):
        c = ET.parse(path).getroot().find("t:ResultSummary/t:Counters", ns)
        counts = [int(c.get("passed")), int(c.get("failed")) + int(c.get("error")) + int(c.get("timeout")), int(c.get("notExecuted"))]
    total = [a + b for a, b in zip(total, counts)]
    print(f"suite {name:<13} {int(seconds) // 60:>2} min {int(seconds) % 60:02} s   ({counts[0]} ok, {counts[1]} not ok, {counts[2]} skipped)")
print(f"test order seed {seed}")
print(f"tests: {total[0]} passed, {total[1]} failed, {total[2]} skipped")
PY
exit $status
