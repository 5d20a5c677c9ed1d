#!/usr/bin/env bash
# Wall-time overhead of `palisade profile --runtime runsc` over a plain `runsc run` of the same bundle with strace
# logging on (--debug --strace). Uses the built-in data-processing sample; needs python3 to unpack the layout by hand.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${RUNS:-7}"
"$root/palisade" assess --out "$(mktemp -d)/r" >/dev/null 2>&1 || true   # builds the CLI and the sample layout
layout="$(ls -d "${XDG_CACHE_HOME:-$HOME/.cache}"/palisade/samples/layout-dataprocessing-* | head -1)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

python3 - "$layout" "$work/bundle" <<'PY'
import json, os, sys, tarfile, subprocess
layout, bundle = sys.argv[1], sys.argv[2]
blob = lambda d: os.path.join(layout, "blobs", *d.split(":"))
index = json.load(open(os.path.join(layout, "index.json")))
manifest = json.load(open(blob(index["manifests"][0]["digest"])))
config = json.load(open(blob(manifest["config"]["digest"])))["config"]
rootfs = os.path.join(bundle, "rootfs"); os.makedirs(rootfs)
for layer in manifest["layers"]:
    with tarfile.open(blob(layer["digest"])) as t: t.extractall(rootfs)
subprocess.run(["runc", "spec", "--bundle", bundle], check=True)
spec = json.load(open(os.path.join(bundle, "config.json")))
spec["process"]["terminal"] = False
spec["process"]["args"] = (config.get("Entrypoint") or []) + (config.get("Cmd") or [])
spec["process"]["env"] = config.get("Env", spec["process"]["env"])
spec["mounts"].append({"destination": "/tmp", "type": "tmpfs", "source": "tmpfs", "options": ["nosuid", "nodev"]})
json.dump(spec, open(os.path.join(bundle, "config.json"), "w"))
PY

now() { date +%s%N; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
plain=(); profiled=()
for i in $(seq 1 "$runs"); do
  id="bench-$i-$$"
  t0=$(now)
  runsc --root "$work/state" --network=none --debug --strace --debug-log="$work/logs-$i/" run --bundle "$work/bundle" "$id" >/dev/null
  runsc --root "$work/state" delete -force "$id" >/dev/null 2>&1 || true
  t1=$(now)
  "$root/palisade" profile --runtime runsc "$layout" >/dev/null 2>&1 || true
  t2=$(now)
  plain+=($(( (t1 - t0) / 1000000 ))); profiled+=($(( (t2 - t1) / 1000000 )))
done
p=$(printf '%s\n' "${plain[@]}" | median); q=$(printf '%s\n' "${profiled[@]}" | median)
echo "plain runsc run --strace + delete (median of $runs): ${p} ms   [${plain[*]}]"
echo "palisade profile --runtime runsc (median):  ${q} ms   [${profiled[*]}]"
awk -v p="$p" -v q="$q" 'BEGIN { printf "overhead: %.1f%%\n", (q - p) * 100 / p }'
