#!/usr/bin/env bash
# Profiles a first-year import of a generated département through the `import` command with
# async-profiler (CPU samples of every thread, 1 ms), and prints where the CPU went: per thread group,
# then the heaviest methods of the importing threads. The profile that explains issue 7's year-1 figure.
# Usage: scripts/profile-import.sh [--schools N] [--pupils M]   (default 150 schools, 120 pupils)
# Needs the built jar (mvn -q -B install -DskipTests); fetches tools.profiler:async-profiler:3.0 from Maven
# Central into ~/.m2 the first time. PROFILE_KEEP=1 keeps the work folder (the collapsed stacks are there).
set -euo pipefail
cd "$(dirname "$0")/.."
SCHOOLS=150
PUPILS=120
. scripts/departement-options.sh
AP_JAR=~/.m2/repository/tools/profiler/async-profiler/3.0/async-profiler-3.0.jar
[ -f "$AP_JAR" ] || mvn -q -B dependency:get -Dartifact=tools.profiler:async-profiler:3.0 >&2
WORK=$(mktemp -d "${TMPDIR:-/tmp}/intrascol-profile.XXXXXX")
if [ "${PROFILE_KEEP:-0}" != 1 ]; then trap 'rm -rf "$WORK"' EXIT; fi
(cd "$WORK" && unzip -q -o "$AP_JAR" 'linux-x64/libasyncProfiler.so')

java -jar tools/target/intrascol-tools.jar generate --schools "$SCHOOLS" --pupils "$PUPILS" --year 2026 --out "$WORK/y1" > /dev/null 2>&1
echo "machine: $(nproc) cores, $(java -version 2>&1 | head -1); $SCHOOLS schools, $(cat "$WORK"/y1/*.csv | grep -c '/') pupils"
start=$(date +%s.%N)
java -agentpath:"$WORK/linux-x64/libasyncProfiler.so=start,event=cpu,interval=1ms,threads,file=$WORK/cpu.collapsed,collapsed" \
  -jar "$JAR" import --register-missing --apply --confirm-renames --credentials-dir "$WORK/credentials" \
  --intrascol.data-dir="$WORK/data" "$WORK/y1" > "$WORK/import.log" 2>&1
end=$(date +%s.%N)
grep "file(s):" "$WORK/import.log"
printf "year 1 through the import command: %.1f s end to end, JVM start included, under the profiler\n" \
  "$(echo "$end - $start" | bc)"
python3 - "$WORK/cpu.collapsed" <<'PY'
import collections, re, sys
threads, methods, total, importing = collections.Counter(), collections.Counter(), 0, 0
for line in open(sys.argv[1]):
    stack, n = line.rstrip('\n').rsplit(' ', 1)
    n = int(n); total += n
    frames = stack.split(';')
    name = re.sub(r'\s*tid=\d+', '', frames[0])
    name = re.sub(r'\d+', 'N', name)
    threads[name] += n
    if name.startswith('[pool-') or name.startswith('[ForkJoinPool'):
        importing += n
        for f in set(re.sub(r'_\[[a-z0-9]\]$', '', f) for f in frames[1:]):
            if f.startswith(('fr/intrascol', 'org/apache/commons/codec/digest/Sha2Crypt.sha512Crypt')) and '$$Lambda' not in f and 'lambda$' not in f:
                methods[f] += n
print(f"CPU sampled: {total / 1000:.1f} s (1 ms per sample)")
print("by thread group (JIT compilers, importing threads and the hashing pool, event processors, ...):")
for name, n in threads.most_common(12):
    print(f"  {n / 1000:7.1f} s  {100 * n / total:5.1f} %  {name}")
print(f"importing threads and the hashing pool ({importing / 1000:.1f} s), methods including their callees:")
for name, n in methods.most_common(15):
    print(f"  {n / 1000:7.1f} s  {100 * n / importing:5.1f} %  {name.replace('/', '.')}")
PY
