#!/usr/bin/env bash
# The API under load, with HTTP Basic and with an API token in the same run (issue 14):
# starts the application on a fresh data folder on loopback, registers a school, imports and applies
# a fixture extraction, issues a token for the administrator, then runs scripts/LoadTest.java.
# Usage: scripts/load-test.sh [--clients N] [--seconds S] [--schools K] [--log FILE]   (defaults 50, 60, 10;
#        --schools: the third phase spreads the clients over K schools; --log keeps the
#        application's log there)
set -euo pipefail
cd "$(dirname "$0")/.."
clients=50
seconds=60
schools=10
keep_log=
while [ $# -gt 0 ]; do
  case "$1" in
    --clients) clients=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    --schools) schools=$2; shift 2 ;;
    --log) keep_log=$2; shift 2 ;;
    *) echo "Unknown option $1" >&2; exit 2 ;;
  esac
done
jar=app/target/intrascol-sync.jar
[ -f "$jar" ] || mvn -q -B install -DskipTests
work=$(mktemp -d /tmp/intrascol-load.XXXXXX)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
password="load-test-admin-password"
java -Xmx1g -jar "$jar" --server.port="$port" --server.address=127.0.0.1 --intrascol.data-dir="$work/data" \
     --intrascol.bootstrap.admin-password="$password" > "$work/app.log" 2>&1 &
app=$!
trap 'kill $app 2>/dev/null; wait $app 2>/dev/null || true; [ -z "$keep_log" ] || cp "$work/app.log" "$keep_log"; rm -rf "$work"' EXIT
url="http://127.0.0.1:$port"
for _ in $(seq 1 120); do
  curl -sf "$url/actuator/health" >/dev/null 2>&1 && break
  sleep 1
done
auth="admin:$password"
uai=0170001J
curl -sf -u "$auth" -H 'Content-Type: application/json' -X POST "$url/api/schools" \
     -d "{\"uai\":\"$uai\",\"name\":\"École de charge\"}" >/dev/null
import=$(curl -sf -u "$auth" -F file=@test-fixtures/be1d/onde-2026/0170001J.csv "$url/api/schools/$uai/imports" \
         | python3 -c 'import json,sys; print(json.load(sys.stdin)["importId"])')
curl -sf -u "$auth" -H 'Content-Type: application/json' -X POST "$url/api/imports/$import/apply" -d '{}' >/dev/null
token=$(curl -sf -u "$auth" -H 'Content-Type: application/json' -X POST "$url/api/users/admin/tokens" \
        -d '{"label":"load test"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(java -version 2>&1 | head -1)"
java scripts/LoadTest.java "$url" "$auth" "$token" "$uai" "$clients" "$seconds" "$schools"
