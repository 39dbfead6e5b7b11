#!/usr/bin/env bash
# The end-to-end benchmark (issue 17): a generated département from the first uploaded file until every
# school's directory holds its accounts. Starts a fresh durable OpenLDAP slapd on loopback (one OU per school,
# its cn=Monitor counters on) and the application as a server (java -Xmx1g -jar intrascol-sync.jar, a fresh
# data folder, embedded durable PostgreSQL); registers the schools and configures their LDAP targets over the
# HTTP API (untimed); then times year 1 into empty directories, the same files again, and year 2, each from
# the first upload (--parallel files at a time, upload then apply) until every target's lag is 0 and slapd
# holds every expected entry. Prints per step the time, LDAP operations by kind (writes per changed account),
# CPU of the JVM and of PostgreSQL, the JVM's peak RSS; this machine's floors (raw LDAP adds of the year-1
# entries into a second slapd, hashing as many passwords on every core) and each step's ratio to the larger;
# checks after each step that the directories hold exactly the accounts the API lists (a mismatch: exit 1).
# The last line printed is one JSON object.
# Usage: scripts/bench-e2e.sh [--schools N] [--pupils M] [--parallel P] [--check K] [--no-floors]
#        (also: scripts/bench.sh --e2e …; defaults 500 schools, 120 pupils, 2 files at a time, every school
#         checked; after: mvn -q -B -o verify -DskipTests; needs /usr/sbin/slapd: .ci/run installs it)
# BENCH_APP_JAR (default app/target/intrascol-sync.jar) is the application measured, BENCH_JAR (default
# tools/target/intrascol-tools.jar) the harness; both are copied to the work folder first, safe from rebuilds.
# BENCH_HEAP (default 1g) is the application's -Xmx; BENCH_APP_OPTS adds JVM options to it (a JFR recording,
# native memory tracking). BENCH_KEEP=1 keeps the work folder (generated data,
# slapd, the application's data and log): delete it after.
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=${BENCH_JAR:-tools/target/intrascol-tools.jar}
APP_JAR=${BENCH_APP_JAR:-app/target/intrascol-sync.jar}
for j in "$JAR" "$APP_JAR"; do
  [ -f "$j" ] || { echo "build first: mvn -q -B -o verify -DskipTests ($j is missing)" >&2; exit 1; }
done
[ -x /usr/sbin/slapd ] || { echo "OpenLDAP slapd is missing: run .ci/run or apt-get install slapd ldap-utils" >&2; exit 1; }
WORK=$(mktemp -d "${TMPDIR:-/tmp}/intrascol-bench-e2e.XXXXXX")
if [ "${BENCH_KEEP:-0}" != 1 ]; then trap 'rm -rf "$WORK"' EXIT; fi
cp "$JAR" "$WORK/intrascol-tools.jar"
cp "$APP_JAR" "$WORK/intrascol-sync.jar"

busy=$(pgrep -f plexus-classworlds >/dev/null && echo ", a Maven build running" || true)
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(java -version 2>&1 | head -1)"
echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ); load average before: $(cut -d' ' -f1-3 /proc/loadavg)$busy"
echo "command: scripts/bench-e2e.sh $*  (application -Xmx${BENCH_HEAP:-1g}, $APP_JAR, work folder $WORK)"
status=0
java -Xmx512m -jar "$WORK/intrascol-tools.jar" bench-e2e "$@" --app-jar "$WORK/intrascol-sync.jar" \
  --heap "${BENCH_HEAP:-1g}" --work "$WORK/run" 2> "$WORK/stderr.log" || status=$?
busy=$(pgrep -f plexus-classworlds >/dev/null && echo ", a Maven build running" || true)
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)$busy"
if [ $status -ne 0 ]; then
  echo "the end-to-end benchmark failed (exit $status); last lines of its log:" >&2
  tail -60 "$WORK/stderr.log" >&2
fi
exit $status
