#!/usr/bin/env bash
# The performance benchmark: imports two generated school years of a whole département (year 1 also once
# more with personal data sealing off, on twin schools: the before/after encryption figure), pushes it to a
# local OpenLDAP slapd, grows the event store to E events, rebuilds every projection, times the queries,
# erases K suspended accounts by the retention job, and measures this machine's raw baselines (JDBC inserts,
# scan + Jackson + upserts, LDAP adds, person-key INSERTs, AES-GCM seals) in the same run; all on a fresh
# embedded, durable PostgreSQL (fsync on) in a throw-away folder, deleted at the end (it holds the clear
# baseline's personal data). The last line printed is one JSON object.
# Usage: scripts/bench.sh [--schools N] [--pupils M] [--events E] [--runs R] [--import-threads T]
#                         [--push-threads P] [--queries Q] [--erase K]
#        (defaults 500 schools, 120 pupils, 1000000 events, 3 runs, 2 threads, 200 queries, 10000 erased;
#         after: mvn -q -B install -DskipTests; needs /usr/sbin/slapd: .ci/run installs it)
# BENCH_HEAP (default 1g) is the JVM's -Xmx; BENCH_KEEP=1 keeps the work folder (and its clear data: delete
# it after); BENCH_JAR (default tools/target/intrascol-tools.jar: the application with the benchmark, which the
# application's own jar does not hold) runs a copy of the jar, safe from rebuilds.
# scripts/bench.sh --e2e [options] runs the end-to-end benchmark instead: see scripts/bench-e2e.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" = --e2e ]; then shift; exec scripts/bench-e2e.sh "$@"; fi
JAR=${BENCH_JAR:-tools/target/intrascol-tools.jar}
[ -f "$JAR" ] || { echo "build first: mvn -q -B install -DskipTests" >&2; exit 1; }
[ -x /usr/sbin/slapd ] || { echo "OpenLDAP slapd is missing: run .ci/run or apt-get install slapd ldap-utils" >&2; exit 1; }
WORK=$(mktemp -d "${TMPDIR:-/tmp}/intrascol-bench.XXXXXX")
if [ "${BENCH_KEEP:-0}" != 1 ]; then trap 'rm -rf "$WORK"' EXIT; fi

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(java -version 2>&1 | head -1)"
echo "command: scripts/bench.sh $*  (heap -Xmx${BENCH_HEAP:-1g}, work folder $WORK)"
java -Xmx"${BENCH_HEAP:-1g}" -jar "$JAR" bench "$@" --work "$WORK/work" \
  --intrascol.data-dir="$WORK/data" --intrascol.bootstrap.admin-password=bench-admin-pw \
  --logging.level.root=WARN 2> "$WORK/stderr.log" || {
    status=$?
    echo "the benchmark failed (exit $status); last lines of its log:" >&2
    tail -40 "$WORK/stderr.log" >&2
    exit $status
  }
