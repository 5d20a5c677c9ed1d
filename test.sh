#!/usr/bin/env bash
# Installs what the tests need (Debian packages, when missing) and runs every test in the solution.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$root"
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# Real runtimes and tools the tests run: gVisor, runc, containerd (with the CNI plugins for its probe pods), strace,
# a static userland and a C toolchain for sample images, script(1) for the pseudo-terminal tests, Chromium (headless)
# to lay the HTML reports out at a laptop's and a phone's width, and buildah for the webhook image (deploy/image/build.sh).
packages=(runsc runc containerd containernetworking-plugins strace busybox-static gcc libc6-dev bsdutils chromium buildah)
# Node.js runs an independent CEL engine over the exported policies (tests/cel-driver); Debian's when there is none.
command -v node >/dev/null 2>&1 || packages+=(nodejs npm)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "test.sh: missing packages: ${missing[*]}; run: sudo apt-get install -y ${missing[*]}" >&2
    exit 3
  fi
  echo "test.sh: installing ${missing[*]} from Debian packages..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The CEL engine for the export equivalence tests, pinned by tests/cel-driver/package-lock.json.
(cd "$root/tests/cel-driver" && npm ci --no-audit --no-fund --silent)

log="$(mktemp)"
trap 'rm -f "$log"' EXIT
status=0
# A test that hangs is stopped after 10 minutes and named in the log (--blame-hang), instead of stalling CI.
# Build in parallel, then run the test projects one after another (-m:1): several of them run real containers and
# benchmarks whose ratios (the CPU-bound control, overhead predictions) would be skewed by another project's load.
if ! dotnet build "$root/Palisade.slnx" -c Release --nologo >"$log" 2>&1; then
  cat "$log"
  echo "test.sh: the build failed" >&2
  exit 1
fi
grep -E "Warning\(s\)|Error\(s\)|Time Elapsed" "$log" || true
dotnet test "$root/Palisade.slnx" -c Release --nologo --no-build -m:1 --blame-hang-timeout 10m --blame-hang-dump-type none "$@" 2>&1 | tee "$log" || status=$?

# One plain closing line for CI: the totals over every test project.
awk '/Failed:[ ]+[0-9]+, Passed:/ {
       gsub(/,/, ""); for (i = 1; i <= NF; i++) { if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) }
     } END { printf "%d passed, %d failed, %d skipped\n", p, f, s }' "$log"
exit "$status"
