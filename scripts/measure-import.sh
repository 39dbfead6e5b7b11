#!/usr/bin/env bash
# Times the command-line import of a whole generated département, year 1 then year 2, on the
# embedded PostgreSQL (durable: fsync on), with the project's own generator.
# Usage: scripts/measure-import.sh [--schools N] [--pupils M]   (after: mvn -q -B install -DskipTests)
set -euo pipefail
cd "$(dirname "$0")/.."
SCHOOLS=50
PUPILS=120
. scripts/departement-options.sh
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

java -jar tools/target/intrascol-tools.jar generate --schools "$SCHOOLS" --pupils "$PUPILS" --year 2026 --out "$WORK/y1" 2>/dev/null
java -jar tools/target/intrascol-tools.jar generate --schools "$SCHOOLS" --pupils "$PUPILS" --year 2027 --out "$WORK/y2" --next-year-of "$WORK/y1" 2>/dev/null
rows() { cat "$1"/*.csv | grep -c '/' ; }
Y1=$(rows "$WORK/y1"); Y2=$(rows "$WORK/y2")

run() { # label, folder
  local start end
  start=$(date +%s.%N)
  java -jar "$JAR" import --register-missing --apply --confirm-renames --credentials-dir "$WORK/credentials" \
    --intrascol.data-dir="$WORK/data" "$2" > "$WORK/$1.log" 2>&1 || true
  end=$(date +%s.%N)
  echo "$end - $start" | bc
}
T1=$(run y1 "$WORK/y1")
T2=$(run y2 "$WORK/y2")
START=$( { /usr/bin/time -f %e java -jar "$JAR" import --intrascol.data-dir="$WORK/data" "$WORK/empty-folder-$$" ; } 2>&1 | tail -1 || true)

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(java -version 2>&1 | head -1)"
echo "département: $SCHOOLS schools, year 1 $Y1 pupils, year 2 $Y2 pupils"
grep "file(s):" "$WORK/y1.log"
grep "file(s):" "$WORK/y2.log"
printf "year 1: %.1f s end to end (%.0f pupils/s), JVM and application start included\n" "$T1" "$(echo "$Y1 / $T1" | bc -l)"
printf "year 2: %.1f s end to end (%.0f pupils/s)\n" "$T2" "$(echo "$Y2 / $T2" | bc -l)"
echo "baseline: start and stop of the command with nothing to import: ${START} s"
