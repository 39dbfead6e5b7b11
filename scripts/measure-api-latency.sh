#!/usr/bin/env bash
# Measures end-to-end HTTP latency of the core API on this machine, with the embedded PostgreSQL
# (durable: fsync on). Baselines in the same run: GET /api/me (authentication alone: BCrypt of the
# Basic credentials) and GET /actuator/health (no authentication).
# Usage: scripts/measure-api-latency.sh [N]   (after: mvn -q -B install -DskipTests)
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-200}
PORT=${PORT:-18080}
DATA=$(mktemp -d)
PASS=measure-admin-pw
JAR=app/target/intrascol-sync.jar
[ -f "$JAR" ] || { echo "build first: mvn -q -B install -DskipTests" >&2; exit 1; }

java -jar "$JAR" --server.port="$PORT" --intrascol.data-dir="$DATA" \
  --intrascol.bootstrap.admin-password="$PASS" > "$DATA/app.log" 2>&1 &
APP=$!
trap 'kill $APP 2>/dev/null; wait $APP 2>/dev/null; rm -rf "$DATA"' EXIT
for _ in $(seq 120); do curl -sf "http://localhost:$PORT/actuator/health" >/dev/null && break; sleep 1; done

API="http://localhost:$PORT"
C=(curl -s -o /dev/null -w '%{time_total}\n' -u "admin:$PASS" -H 'Content-Type: application/json')
"${C[@]}" -X POST "$API/api/schools" -d '{"uai":"0170001J","name":"Ecole de mesure"}' >/dev/null

stats() { # name, file of seconds
  sort -n "$2" | awk -v name="$1" '{a[NR]=$1} END {
    printf "%-42s n=%-4d p50=%6.1f ms  p95=%6.1f ms\n", name, NR, a[int(NR*0.5)+1]*1000, a[int(NR*0.95)]*1000 }'
}
for i in $(seq "$N"); do
  "${C[@]}" -X POST "$API/api/schools/0170001J/accounts" \
    -d "{\"role\":\"PUPIL\",\"lastName\":\"NOM$i\",\"firstName\":\"Eleve\",\"birthDate\":\"2018-01-01\",\"level\":\"CP\"}"
done > "$DATA/create"
ID=$(curl -s -u "admin:$PASS" "$API/api/schools/0170001J/accounts" | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["accountId"])')
for i in $(seq "$N"); do "${C[@]}" -X PATCH "$API/api/accounts/$ID" -d "{\"classGroup\":\"CP $i\"}"; done > "$DATA/patch"
for i in $(seq "$N"); do "${C[@]}" "$API/api/accounts/$ID/history"; done > "$DATA/history"
for i in $(seq "$N"); do "${C[@]}" "$API/api/schools/0170001J/accounts"; done > "$DATA/list"
for i in $(seq "$N"); do "${C[@]}" "$API/api/audit?school=0170001J&size=50"; done > "$DATA/audit"
ASOF=$(date -u +%Y-%m-%dT%H:%M:%SZ)
for i in $(seq "$N"); do "${C[@]}" "$API/api/schools/0170001J/accounts?asOf=$ASOF"; done > "$DATA/asof"
TODAY=$(date -u +%Y-%m-%d)
for i in $(seq 20); do "${C[@]}" "$API/api/schools/0170001J/reports/history?from=$TODAY&to=$TODAY&format=html"; done > "$DATA/report-html"
for i in $(seq 20); do "${C[@]}" "$API/api/schools/0170001J/reports/history?from=$TODAY&to=$TODAY&format=pdf"; done > "$DATA/report-pdf"
for i in $(seq 20); do "${C[@]}" "$API/api/schools/0170001J/audit/verify"; done > "$DATA/verify"
for i in $(seq "$N"); do "${C[@]}" "$API/api/me"; done > "$DATA/me"
for i in $(seq "$N"); do curl -s -o /dev/null -w '%{time_total}\n' "$API/actuator/health"; done > "$DATA/health"

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(java -version 2>&1 | head -1)"
stats "POST account (command + projections)" "$DATA/create"
stats "PATCH account (one school, growing history)" "$DATA/patch"
stats "GET account history (${N}+ entries)" "$DATA/history"
stats "GET school accounts (${N} accounts)" "$DATA/list"
stats "GET audit page of 50" "$DATA/audit"
stats "GET school accounts asOf an instant" "$DATA/asof"
stats "GET history report, HTML (1 day, $((2 * N))+ changes)" "$DATA/report-html"
stats "GET history report, PDF" "$DATA/report-pdf"
stats "GET audit/verify (hash chain, $((2 * N))+ events)" "$DATA/verify"
stats "baseline: GET /api/me (Basic auth only)" "$DATA/me"
stats "baseline: GET /actuator/health (no auth)" "$DATA/health"
