#!/usr/bin/env bash
# Load benchmark of `palisade serve` against a bare Kestrel HTTPS baseline, both on loopback, measured in one run.
# Prints requests/s and p50/p99/p99.9 latency at each concurrency, the ratio to the baseline, and the server's memory.
# Usage: [ROUNDS=5] [GEN0=0x800000] bench/webhook-load/run.sh [SECONDS_PER_POINT] [CONCURRENCY...]      (default: 10 s, 1 16 64)
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

# Server settings under test, the same for both servers (override from the environment): server GC off keeps memory
# low on 2 cores; an 8 MiB gen0 budget as deploy/50-deployment.yaml sets (GEN0= measures the runtime's own default,
# which is 2 MiB on hosts that hide their cache size, as this VM does).
export DOTNET_TieredPGO="${DOTNET_TieredPGO:-1}" DOTNET_gcServer="${DOTNET_gcServer:-0}"
gen0="${GEN0-0x800000}"
if [ -n "$gen0" ]; then export DOTNET_GCgen0size="$gen0"; fi
dotnet "$cli" serve --cert "$work/tls.crt" --key "$work/tls.key" --listen 127.0.0.1:18443 >"$work/serve.log" 2>&1 &
serve=$!; pids+=("$serve")
dotnet "$load" bare 127.0.0.1:18444 "$work/tls.crt" "$work/tls.key" >"$work/bare.log" 2>&1 &
bare=$!; pids+=("$bare")
for port in 18443 18444; do
  for _ in $(seq 100); do (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null && break; sleep 0.2; done
done
unset DOTNET_TieredPGO DOTNET_gcServer DOTNET_GCgen0size

# Warm both servers up (JIT tiering, pools, TLS) before anything is measured.
dotnet "$load" run https://127.0.0.1:18444/validate "$body" "$work/tls.crt" 16 5 0 >/dev/null
dotnet "$load" run https://127.0.0.1:18443/mutate "$body" "$work/tls.crt" 16 5 0 >/dev/null

cpu() { awk '{print $14 + $15}' "/proc/$1/stat"; }   # user + system clock ticks
hz=$(getconf CLK_TCK)
mem() { awk '/VmRSS|VmHWM/ {printf "%s %d MB  ", $1, $2/1024}' "/proc/$1/status"; }
rounds="${ROUNDS:-5}"
median() { tr ' ' '\n' | sort -g | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}'; }
field() { sed -n "s/.*$1=\([^ ]*\).*/\1/p" <<<"$2"; }
# One measured point of SERVER (bare or palisade) at concurrency C: appends "rps p50 p99 p99.9 requests ticks" to $work/SERVER.
point() {
  local pid=$1 url=$2 name=$3 c=$4 t0 t1 r
  t0=$(cpu "$pid"); r=$(dotnet "$load" run "$url" "$body" "$work/tls.crt" "$c" "$seconds" 3); t1=$(cpu "$pid")
  [ "$(field errors "$r")" = 0 ] || echo "$name: $(field errors "$r") errors" >&2
  echo "$(field rps "$r") $(field p50_ms "$r") $(field p99_ms "$r") $(field p999_ms "$r") $(field total "$r") $((t1 - t0))" >>"$work/$name"
}
# ROUNDS rounds per concurrency; in each round both servers are measured back to back, bare first in odd rounds and
# palisade first in even ones, so a drift of the shared machine hits both alike. The ratio is the median of the
# rounds' own ratios; the other columns are medians of the rounds; server CPU per request is over all rounds.
row() {
  local name=$1 col
  for col in 1 2 3 4; do printf "%s " "$(awk -v k=$col '{printf "%s ", $k}' "$work/$name" | median)"; done
  awk -v hz="$hz" '{n += $5; t += $6} END {printf "%.1f\n", t * 1e6 / hz / n}' "$work/$name"
}
echo "median of $rounds alternating rounds of ${seconds} s per server and concurrency${gen0:+; DOTNET_GCgen0size=$gen0 for both}"
printf "%-8s %-11s %9s %9s %9s %9s %9s %12s\n" server concurrency rps p50_ms p99_ms p99.9_ms ratio cpu_us/req
for c in "${levels[@]}"; do
  rm -f "$work/bare" "$work/palisade"
  for r in $(seq "$rounds"); do
    if [ $((r % 2)) = 1 ]; then
      point "$bare" https://127.0.0.1:18444/validate bare "$c"; point "$serve" https://127.0.0.1:18443/mutate palisade "$c"
    else
      point "$serve" https://127.0.0.1:18443/mutate palisade "$c"; point "$bare" https://127.0.0.1:18444/validate bare "$c"
    fi
  done
  read -r brps bp50 bp99 bp999 bcpu <<<"$(row bare)"
  read -r srps sp50 sp99 sp999 scpu <<<"$(row palisade)"
  ratio=$(paste -d' ' "$work/palisade" "$work/bare" | awk '{printf "%s ", 100 * $1 / $7}' | median)
  printf "%-8s %-11s %9.0f %9s %9s %9s %9s %12s\n" bare "$c" "$brps" "$bp50" "$bp99" "$bp999" "" "$bcpu"
  printf "%-8s %-11s %9.0f %9s %9s %9s %8.0f%% %12s\n" palisade "$c" "$srps" "$sp50" "$sp99" "$sp999" "$ratio" "$scpu"
  echo "  per round: bare $(awk '{printf "%s ", $1}' "$work/bare")| palisade $(awk '{printf "%s ", $1}' "$work/palisade")| ratio $(paste -d' ' "$work/palisade" "$work/bare" | awk '{printf "%.0f%% ", 100 * $1 / $7}')"
done
echo "palisade serve memory: $(mem "$serve")"
echo "bare baseline memory:  $(mem "$bare")"
echo "decision log lines written: $(grep -c '"eventId":1,' "$work/serve.log")"
