#!/usr/bin/env bash
# Parallel imports over the HTTP API (issue 15): N schools uploaded and applied at the same time, one
# school each, for N in --sizes, with one jar or several compared in the same run. Each round starts
# each jar on a fresh data folder on loopback (order alternated from one round to the next), registers
# the schools of every size, then for each size times N parallel "upload + apply" (curl), each school its
# own generated first-year extraction (the tools jar's `generate` command, the same files for every jar).
# One more school is imported first, untimed, to warm the JVM up. Prints one line per measurement (with
# the load average, and "mvn" when another Maven build ran on the machine at its start or end), then
# the median over the rounds of each jar and size.
# Usage: scripts/parallel-imports.sh [--jar JAR]... [--sizes "2 4 8"] [--rounds R] [--pupils P]
#        (defaults: app/target/intrascol-sync.jar, "2 4 8", 3, 120; copy a jar before measuring it:
#        a rebuild replaces app/target/intrascol-sync.jar)
set -euo pipefail
cd "$(dirname "$0")/.."
jars=()
sizes="2 4 8"
rounds=3
pupils=120
while [ $# -gt 0 ]; do
  case "$1" in
    --jar) jars+=("$2"); shift 2 ;;
    --sizes) sizes=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --pupils) pupils=$2; shift 2 ;;
    *) echo "Unknown option $1" >&2; exit 2 ;;
  esac
done
[ ${#jars[@]} -gt 0 ] || jars=(app/target/intrascol-sync.jar)
total=1 # the warm-up school
for n in $sizes; do total=$((total + n)); done
work=$(mktemp -d /tmp/intrascol-parallel.XXXXXX)
app=
stop_app() {
  if [ -n "$app" ]; then kill "$app" 2>/dev/null || true; wait "$app" 2>/dev/null || true; app=; fi
}
trap 'stop_app; rm -rf "$work"' EXIT
password="parallel-imports-admin-password"
auth="admin:$password"
now_ms() { date +%s%3N; }

java -jar tools/target/intrascol-tools.jar generate --schools "$total" --pupils "$pupils" --year 2026 --seed 15 --out "$work/y1" \
  > "$work/generate.log"
mapfile -t files < <(ls "$work"/y1/*.csv | sort)
[ ${#files[@]} -ge "$total" ] || { echo "generated ${#files[@]} files, need $total" >&2; exit 1; }

# one school: upload then apply; prints "uai upload_status upload_ms apply_status apply_ms"
one_school() {
  local url=$1 file=$2 uai t0 t1 t2 out status id
  uai=$(basename "$file" .csv)
  t0=$(now_ms)
  out=$(curl -s -o "$work/$uai.plan.json" -w '%{http_code}' -u "$auth" -F "file=@$file" \
        "$url/api/schools/$uai/imports")
  t1=$(now_ms)
  id=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1])).get("importId",""))' \
       "$work/$uai.plan.json" 2>/dev/null || true)
  if [ -z "$id" ]; then # 202: no body; the school's only import
    id=$(curl -s -u "$auth" "$url/api/schools/$uai/imports" \
         | python3 -c 'import json,sys; l=json.load(sys.stdin); print(l[-1]["importId"] if l else "")')
  fi
  status=$(curl -s -o /dev/null -w '%{http_code}' -u "$auth" -H 'Content-Type: application/json' -X POST \
           "$url/api/imports/$id/apply" -d '{}')
  t2=$(now_ms)
  echo "$uai $out $((t1 - t0)) $status $((t2 - t1))"
}

start_app() {
  local jar=$1 port
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  rm -rf "$work/data"
  java -Xmx1g -jar "$jar" --server.port="$port" --server.address=127.0.0.1 --intrascol.data-dir="$work/data" \
       --intrascol.bootstrap.admin-password="$password" > "$work/app.log" 2>&1 &
  app=$!
  url="http://127.0.0.1:$port"
  for _ in $(seq 1 240); do
    curl -sf "$url/actuator/health" >/dev/null 2>&1 && return 0
    kill -0 "$app" 2>/dev/null || break
    sleep 1
  done
  echo "the application did not start; its log:" >&2
  tail -40 "$work/app.log" >&2
  exit 1
}

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(java -version 2>&1 | head -1)," \
     "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ); $rounds rounds; sizes $sizes; $pupils pupils per school (generated)"
printf '%-6s %-16s %3s %8s %10s %10s %9s %-22s %s\n' round jar N wall_ms upload_max apply_mean apply_max \
       answers "load (other build)"
: > "$work/results"
for round in $(seq 1 "$rounds"); do
  order=("${jars[@]}")
  if [ $((round % 2)) -eq 0 ]; then
    order=(); for ((i=${#jars[@]}-1; i>=0; i--)); do order+=("${jars[$i]}"); done
  fi
  for jar in "${order[@]}"; do
    start_app "$jar"
    for file in "${files[@]:0:$total}"; do
      uai=$(basename "$file" .csv)
      curl -sf -o /dev/null -u "$auth" -H 'Content-Type: application/json' -X POST "$url/api/schools" \
           -d "{\"uai\":\"$uai\",\"name\":\"École $uai\"}"
    done
    one_school "$url" "${files[0]}" > /dev/null # warm-up
    first=1
    for n in $sizes; do
      busy=; pgrep -f plexus-classworlds >/dev/null && busy=" mvn"
      pids=()
      t0=$(now_ms)
      for file in "${files[@]:$first:$n}"; do
        one_school "$url" "$file" > "$work/$(basename "$file" .csv).out" &
        pids+=($!)
      done
      wait "${pids[@]}"
      wall=$(( $(now_ms) - t0 ))
      pgrep -f plexus-classworlds >/dev/null && busy=" mvn"
      cat $(for file in "${files[@]:$first:$n}"; do echo "$work/$(basename "$file" .csv).out"; done) \
        > "$work/batch"
      read -r upload_max apply_mean apply_max answers < <(python3 - "$work/batch" <<'EOF'
import sys, collections
rows = [l.split() for l in open(sys.argv[1]) if l.strip()]
answers = collections.Counter(f"{r[1]}/{r[3]}" for r in rows)
up = [int(r[2]) for r in rows]; ap = [int(r[4]) for r in rows]
print(max(up), sum(ap) // len(ap), max(ap), ",".join(f"{k}x{v}" for k, v in sorted(answers.items())))
EOF
)
      printf '%-6s %-16s %3s %8s %10s %10s %9s %-22s %s\n' "$round" "$(basename "$jar")" "$n" "$wall" \
             "$upload_max" "$apply_mean" "$apply_max" "$answers" "$(cut -d' ' -f1 /proc/loadavg)$busy"
      echo "$jar $n $wall $upload_max $apply_mean $apply_max" >> "$work/results"
      first=$((first + n))
    done
    stop_app
  done
done
echo
echo "median over $rounds rounds (ms):"
python3 - "$work/results" <<'EOF'
import sys, statistics, collections
runs = collections.defaultdict(list)
for line in open(sys.argv[1]):
    jar, n, *values = line.split()
    runs[(jar, int(n))].append([int(v) for v in values])
print(f"{'jar':<40} {'N':>3} {'wall':>8} {'upload max':>11} {'apply mean':>11} {'apply max':>10}")
for (jar, n), values in sorted(runs.items(), key=lambda kv: (kv[0][1], kv[0][0])):
    med = [int(statistics.median(column)) for column in zip(*values)]
    print(f"{jar:<40} {n:>3} {med[0]:>8} {med[1]:>11} {med[2]:>11} {med[3]:>10}")
EOF
