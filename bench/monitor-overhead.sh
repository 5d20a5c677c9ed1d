#!/bin/sh
# Overhead of gVisor runtime monitoring on a syscall-heavy workload: wall time of the same runsc sandbox with the
# trace session streaming to 'palisade monitor' versus without it, rounds alternating, medians compared.
# Usage: bench/monitor-overhead.sh [ROUNDS]   (needs root and runsc; PALISADE=command overrides ./palisade)
set -eu
rounds=${1:-5}
here=$(cd "$(dirname "$0")/.." && pwd)
palisade=${PALISADE:-$here/palisade}
dir=$(mktemp -d /tmp/palisade-monitor-overhead.XXXXXX)
monitor_pid=""
cleanup() {
  [ -n "$monitor_pid" ] && kill "$monitor_pid" 2>/dev/null || true
  rm -rf "$dir"
}
trap cleanup EXIT INT TERM

$palisade monitor config --socket "$dir/monitor.sock" --output "$dir/pod-init.json" >/dev/null
metrics=127.0.0.1:${METRICS_PORT:-19466}
$palisade monitor --socket "$dir/monitor.sock" --metrics "$metrics" >"$dir/alerts.jsonl" 2>"$dir/monitor.log" &
monitor_pid=$!
while [ ! -S "$dir/monitor.sock" ]; do sleep 0.1; done

# find opens every directory (openat), the loop forks and execs (clone, execve, openat of the loader's files).
workload='find /usr/share >/dev/null 2>&1; i=0; while [ $i -lt 200 ]; do /bin/true; i=$((i+1)); done'
run() {
  start=$(date +%s%N)
  runsc --root "$dir/state" --network=none --ignore-cgroups "$@" do -quiet -cwd / /bin/sh -c "$workload"
  end=$(date +%s%N)
  echo $(( (end - start) / 1000000 ))
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

: >"$dir/off"; : >"$dir/on"
r=0
while [ $r -lt "$rounds" ]; do
  # The order alternates, so whatever the first run of a round warms (page cache, dentries) favours neither side.
  if [ $((r % 2)) -eq 0 ]; then
    run >>"$dir/off"
    run --pod-init-config="$dir/pod-init.json" >>"$dir/on"
  else
    run --pod-init-config="$dir/pod-init.json" >>"$dir/on"
    run >>"$dir/off"
  fi
  r=$((r + 1))
done
off=$(median <"$dir/off"); on=$(median <"$dir/on")
events=$(grep -c . "$dir/alerts.jsonl" || true)
echo "rounds: $rounds; median wall time off: ${off} ms, on: ${on} ms; ratio on/off: $(awk "BEGIN {printf \"%.2f\", $on / $off}")"
echo "alerts during the run: $events (the workload is benign; expected 0)"
# The session really streamed: events the monitor decoded, and what the sandboxes dropped (from the headers).
curl -s "http://$metrics/metrics" | awk '/^palisade_monitor_events_total/ {n += $2} /^palisade_monitor_dropped_events_total/ {d = $2}
  END {printf "events decoded by the monitor: %d over the %s traced runs (%.0f per run); dropped by the sandboxes: %d\n", n, '"$rounds"', n / '"$rounds"', d}'
