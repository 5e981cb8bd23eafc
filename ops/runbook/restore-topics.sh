#!/usr/bin/env bash
# Restores records from topic backups written by `kcat -C -J` (one JSON envelope per line, as
# docs/runbook.md, "Back up and restore topics", takes them) to the Kafka cluster at
# KAFKA_BOOTSTRAP_SERVERS: each record to its original topic and partition, with its key, value and
# headers, in the order of the backup.
#
#   KAFKA_BOOTSTRAP_SERVERS=host:9092 ops/runbook/restore-topics.sh FILE [FILE...]
#
# Several files are merged by the records' original timestamps (ties keep the order of the files),
# so that topics which are processed together (inventory-commands and orders) get their records
# back interleaved as they first arrived. Kafka gives a restored record a new timestamp (on
# `LogAppendTime` topics its append time, elsewhere the time of the restore): the order is what
# survives, the original time stays in the backup file.
#
# Records in a row that go to the same topic and partition with the same headers are produced by
# one kcat, so a topic whose records carry few distinct headers (events: one correlation id per
# batch) restores quickly; one whose every record has its own headers (orders from the ingress)
# costs one kcat per record. The topics must exist with at least the partitions of the backup.
# Keys and values must be text without the bytes 0x1e and 0x1f (Surge's are JSON or ids); an empty
# key or value is restored as null. Exit codes: 0 done, 1 failure, 2 usage.
set -euo pipefail

die() { echo "restore-topics: $*" >&2; exit 1; }

if [ $# -eq 0 ] || [ "${1:-}" = "-h" ] || [ "${1:-}" = "--help" ]; then
  sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//' >&2
  [ $# -eq 0 ] && exit 2 || exit 0
fi
[ -n "${KAFKA_BOOTSTRAP_SERVERS:-}" ] || { echo "restore-topics: set KAFKA_BOOTSTRAP_SERVERS" >&2; exit 2; }
for tool in jq kcat sort; do
  command -v "$tool" >/dev/null 2>&1 || die "needs $tool on PATH"
done
for file in "$@"; do
  [ -r "$file" ] || die "cannot read $file"
done

# Every envelope, merged by timestamp when there are several files (sort -s keeps ties in order).
envelopes() {
  if [ $# -eq 1 ]; then
    cat -- "$1"
  else
    jq -r '"\(.ts)\t\(tojson)"' -- "$@" | sort -s -t $'\t' -k1,1n | cut -f2-
  fi
}

# One record as NUL-terminated fields: topic, partition, header count, "name=value" per header, key, value.
fields='(.topic, (.partition | tostring), ((.headers // []) | length / 2 | tostring),
         ((.headers // []) as $h | range(0; $h | length; 2) | "\($h[.])=\($h[. + 1] // "")"),
         (.key // ""), (.payload // "")) + "\u0000"'

batch="$(mktemp)"
trap 'rm -f "$batch"' EXIT
group=""
args=()
in_batch=0
total=0
declare -A per_topic=()

flush() {
  if [ "$in_batch" -gt 0 ]; then
    kcat -P -q -b "$KAFKA_BOOTSTRAP_SERVERS" -X enable.idempotence=true -K '\x1f' -D '\x1e' -Z "${args[@]}" -l "$batch" \
      || die "kcat failed producing to ${args[*]}"
    : > "$batch"
    in_batch=0
  fi
}

while IFS= read -r -d '' topic && IFS= read -r -d '' partition && IFS= read -r -d '' count; do
  headers=()
  for ((i = 0; i < count; i++)); do
    IFS= read -r -d '' header
    headers+=(-H "$header")
  done
  IFS= read -r -d '' key
  IFS= read -r -d '' value
  case "$key$value" in
    *$'\x1e'* | *$'\x1f'*) die "a record of $topic-$partition holds a 0x1e or 0x1f byte; restore it another way" ;;
  esac
  next="$topic"$'\x1f'"$partition"$'\x1f'"${headers[*]:-}"
  if [ "$next" != "$group" ]; then
    flush
    group="$next"
    args=(-t "$topic" -p "$partition" "${headers[@]}")
  fi
  printf '%s\x1f%s\x1e' "$key" "$value" >> "$batch"
  in_batch=$((in_batch + 1))
  total=$((total + 1))
  per_topic[$topic]=$(( ${per_topic[$topic]:-0} + 1 ))
done < <(envelopes "$@" | jq -j "$fields")
flush

expected=$(cat -- "$@" | grep -c . || true)
[ "$total" -eq "$expected" ] || die "read $total record(s) but the files hold $expected lines: is every line a kcat -J envelope?"
for topic in "${!per_topic[@]}"; do
  echo "restored ${per_topic[$topic]} record(s) to $topic"
done | sort
echo "restored $total record(s) from $# file(s)"
