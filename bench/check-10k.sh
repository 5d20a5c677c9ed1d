#!/usr/bin/env bash
# End-to-end: `palisade check` over a generated folder of 10,000 objects (1,000 files of 10 documents: Deployments,
# Pods, CronJobs and Services, half of them violating restricted), timed with the wall clock including start-up.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT

for f in $(seq 1 1000); do
  {
    for d in $(seq 1 10); do
      i=$(( f * 10 + d ))
      case $(( i % 4 )) in
        0) cat <<YAML
apiVersion: apps/v1
kind: Deployment
metadata: {name: web-$i, namespace: team-$(( i % 7 ))}
spec:
  replicas: 2
  selector: {matchLabels: {app: web-$i}}
  template:
    metadata: {labels: {app: web-$i}}
    spec:
      securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}
      containers:
        - name: app
          image: registry.example.com/web:$i
          ports: [{containerPort: 8080}]
          securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}
        - name: sidecar
          image: registry.example.com/proxy:1
          securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}
---
YAML
        ;;
        1) cat <<YAML
apiVersion: v1
kind: Pod
metadata: {name: debug-$i}
spec:
  hostNetwork: true
  containers:
    - name: shell
      image: busybox
      securityContext: {privileged: true}
      ports: [{containerPort: 9000}]
---
YAML
        ;;
        2) cat <<YAML
apiVersion: batch/v1
kind: CronJob
metadata: {name: job-$i}
spec:
  schedule: "*/5 * * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: Never
          containers: [{name: job, image: job:1, securityContext: {runAsUser: 0}}]
---
YAML
        ;;
        3) cat <<YAML
apiVersion: v1
kind: Service
metadata: {name: svc-$i}
spec:
  selector: {app: web-$i}
  ports: [{port: 80, targetPort: 8080}]
---
YAML
        ;;
      esac
    done
  } > "$dir/objects-$f.yaml"
done

"$root/palisade" --help >/dev/null # build outside the measurement
for format in json text; do
  start=$(date +%s.%N)
  code=0
  "$root/palisade" check "$dir" --format "$format" >"$dir.$format.out" 2>&1 || code=$?
  end=$(date +%s.%N)
  printf 'check --format %-5s 10,000 objects: %.2f s wall (exit %d)\n' "$format" "$(awk -v a="$start" -v b="$end" 'BEGIN{print b-a}')" "$code"
  tail -1 "$dir.$format.out" | cut -c1-200
  rm -f "$dir.$format.out"
done
