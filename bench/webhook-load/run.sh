#!/usr/bin/env bash
# Load benchmark of `palisade serve` against a bare Kestrel HTTPS baseline, both on loopback, measured in one run.
# Prints requests/s and p50/p99/p99.9 latency at each concurrency, the ratio to the baseline, and the server's memory.
# Usage: bench/webhook-load/run.sh [SECONDS_PER_POINT] [CONCURRENCY...]      (default: 10 s, 1 16 64)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
seconds="${1:-10}"; shift || true
levels=("${@:-1 16 64}"); levels=(${levels[@]})
body="${BODY:-$root/examples/admission/vendor-pod.json}"
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
work="$(mktemp -d)"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

dotnet build "$root/src/Palisade.Cli/Palisade.Cli.csproj" -c Release --nologo -v quiet >/dev/null
dotnet build "$root/bench/Palisade.Webhook.Load/Palisade.Webhook.Load.csproj" -c Release --nologo -v quiet >/dev/null
cli="$root/src/Palisade.Cli/bin/Release/net10.0/palisade.dll"
load="$root/bench/Palisade.Webhook.Load/bin/Release/net10.0/palisade-load.dll"

openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 -subj "/CN=127.0.0.1" \
  -addext "subjectAltName=IP:127.0.0.1" -keyout "$work/tls.key" -out "$work/tls.crt" 2>/dev/null

# Server settings under test (override from the environment): server GC off keeps memory low on 2 cores.
export DOTNET_TieredPGO="${DOTNET_TieredPGO:-1}" DOTNET_gcServer="${DOTNET_gcServer:-0}"
dotnet "$cli" serve --cert "$work/tls.crt" --key "$work/tls.key" --listen 127.0.0.1:18443 >"$work/serve.log" 2>&1 &
serve=$!; pids+=("$serve")
dotnet "$load" bare 127.0.0.1:18444 "$work/tls.crt" "$work/tls.key" >"$work/bare.log" 2>&1 &
bare=$!; pids+=("$bare")
for port in 18443 18444; do
  for _ in $(seq 100); do (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null && break; sleep 0.2; done
done
unset DOTNET_TieredPGO DOTNET_gcServer

# Warm both servers up (JIT tiering, pools, TLS) before anything is measured.
dotnet "$load" run https://127.0.0.1:18444/validate "$body" "$work/tls.crt" 16 5 0 >/dev/null
dotnet "$load" run https://127.0.0.1:18443/mutate "$body" "$work/tls.crt" 16 5 0 >/dev/null

cpu() { awk '{print $14 + $15}' "/proc/$1/stat"; }   # user + system clock ticks
hz=$(getconf CLK_TCK)
mem() { awk '/VmRSS|VmHWM/ {printf "%s %d MB  ", $1, $2/1024}' "/proc/$1/status"; }
printf "%-8s %-11s %9s %9s %9s %9s %9s %12s\n" server concurrency rps p50_ms p99_ms p99.9_ms ratio cpu_us/req
for c in "${levels[@]}"; do
  field() { sed -n "s/.*$1=\([^ ]*\).*/\1/p" <<<"$2"; }
  # Server CPU per request, from its clock ticks over the whole run (warm-up included): robust to a busy machine.
  t0=$(cpu "$bare"); b=$(dotnet "$load" run https://127.0.0.1:18444/validate "$body" "$work/tls.crt" "$c" "$seconds" 3); t1=$(cpu "$bare")
  bcpu=$(awk -v t="$((t1 - t0))" -v hz="$hz" -v n="$(field total "$b")" 'BEGIN {printf "%.1f", t * 1e6 / hz / n}')
  t0=$(cpu "$serve"); s=$(dotnet "$load" run https://127.0.0.1:18443/mutate "$body" "$work/tls.crt" "$c" "$seconds" 3); t1=$(cpu "$serve")
  scpu=$(awk -v t="$((t1 - t0))" -v hz="$hz" -v n="$(field total "$s")" 'BEGIN {printf "%.1f", t * 1e6 / hz / n}')
  brps=$(field rps "$b"); srps=$(field rps "$s")
  printf "%-8s %-11s %9s %9s %9s %9s %9s %12s\n" bare "$c" "$brps" "$(field p50_ms "$b")" "$(field p99_ms "$b")" "$(field p999_ms "$b")" "" "$bcpu"
  printf "%-8s %-11s %9s %9s %9s %9s %8s%% %12s\n" palisade "$c" "$srps" "$(field p50_ms "$s")" "$(field p99_ms "$s")" "$(field p999_ms "$s")" "$(awk -v a="$srps" -v b="$brps" 'BEGIN {printf "%.0f", 100*a/b}')" "$scpu"
  [ "$(field errors "$s")" = 0 ] || echo "palisade: $(field errors "$s") errors" >&2
done
echo "palisade serve memory: $(mem "$serve")"
echo "bare baseline memory:  $(mem "$bare")"
echo "decision log lines written: $(grep -c '"eventId":1,' "$work/serve.log")"
