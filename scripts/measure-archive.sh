#!/usr/bin/env bash
# Times a move to a new home at scale: a synthetic archive of N events (1000 schools, correct hash
# chains, an event type no projection handles, a gap in global_index every 1000 events) is written by
# an independent implementation of the format (Python), imported into a new embedded database
# (durable: fsync on) with a small heap, exported again, and the event lines of both archives compared.
# Usage: scripts/measure-archive.sh [N] [HEAP]   (default 1000000 events, -Xmx128m; needs python3;
#        after: mvn -q -B package -DskipTests)
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-1000000}
HEAP=${2:-128m}
JAR=app/target/intrascol-sync.jar
[ -f "$JAR" ] || { echo "build first: mvn -q -B package -DskipTests" >&2; exit 1; }
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

python3 - "$N" "$WORK/synthetic.archive" <<'EOF'
import base64, gzip, hashlib, json, struct, sys
n, path, schools = int(sys.argv[1]), sys.argv[2], 1000
out, digest = gzip.open(path, 'wb', compresslevel=6), hashlib.sha256()
def line(obj, digested=True):
    b = (json.dumps(obj, separators=(',', ':'), ensure_ascii=True) + "\n").encode()
    if digested:
        digest.update(b)
    out.write(b)
def field(b):
    return struct.pack('>i', len(b)) + b
line({"format": "intrascol-sync-event-archive", "version": 1, "exportedAt": "2026-11-25T00:00:00Z",
      "events": n, "lastGlobalIndex": n + n // 1000, "schemaVersion": "6"})
heads, gi = {}, 0
ptype, meta = "fr.intrascol.sync.synthetic.Filler", b'{"actor":"measure","origin":"MANUAL"}'
for i in range(n):
    gi += 2 if i % 1000 == 999 else 1
    agg, seq, eid = "%07dS" % (i % schools), i // schools, "ev-%d" % i
    ts = "2026-09-%02dT08:%02d:%02d.%03dZ" % (1 + (i // 100000) % 28, (i // 3600) % 60, (i // 60) % 60, i % 1000)
    payload = ('{"n":%d,"text":"%s"}' % (i, "lorem ipsum dolor sit amet " * 6)).encode()
    h = hashlib.sha256(heads.get(agg, b'') + struct.pack('>q', seq) + field(agg.encode()) + field(eid.encode())
                       + field(ptype.encode()) + field(ts.encode()) + field(payload) + field(meta)).digest()
    heads[agg] = h
    line({"global_index": gi, "event_identifier": eid, "aggregate_identifier": agg, "sequence_number": seq,
          "type": "School", "time_stamp": ts, "payload_type": ptype, "payload_revision": None,
          "payload": base64.b64encode(payload).decode(), "meta_data": base64.b64encode(meta).decode(),
          "chain_hash": h.hex()})
line({"end": "intrascol-sync-event-archive", "events": n, "sha256": digest.hexdigest()}, False)
out.close()
EOF

timed() { # label, command...
  local label=$1 start end
  shift
  start=$(date +%s.%N)
  "$@" --logging.level.root=WARN > "$WORK/out.log" 2>&1 || { tail -20 "$WORK/out.log" >&2; exit 1; }
  end=$(date +%s.%N)
  tr '\r' '\n' < "$WORK/out.log" | grep -E '^(Imported|Exported|Hash chains)' || true
  printf '%-40s %6.1f s\n' "$label" "$(awk -v a="$start" -v b="$end" 'BEGIN {print b - a}')"
}
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(java -version 2>&1 | head -1)"
echo "archive: $N events, $(du -h "$WORK/synthetic.archive" | cut -f1) (heap -Xmx$HEAP)"
timed "import (load + projections)" java -Xmx"$HEAP" -jar "$JAR" import "$WORK/synthetic.archive" \
  --intrascol.data-dir="$WORK/home" --intrascol.bootstrap.admin-password=measure-admin-pw
timed "export" java -Xmx"$HEAP" -jar "$JAR" export "$WORK/again.archive" --intrascol.data-dir="$WORK/home"
if cmp -s <(zcat "$WORK/synthetic.archive" | sed '1d;$d') <(zcat "$WORK/again.archive" | sed '1d;$d'); then
  echo "event lines of both archives: identical"
else
  echo "event lines of both archives: DIFFERENT" >&2
  exit 1
fi
