#!/usr/bin/env bash
# Records what kind, helm and docker really print on this host, for the pinned
# versions, into DIR (default reports/recorded-kind), with the tools' versions
# in DIR/VERSIONS.txt: the real output of what fixtures/examples/kind/ writes by
# hand. The nightly conformance workflow runs it and uploads DIR; a recording
# replaces its example and goes to fixtures/recorded/kind/.
# Usage: scripts/record-kind-outputs.sh [DIR] [CILIUM_MINOR]
set -uo pipefail
out="${1:-reports/recorded-kind}"; minor="${2:-1.20}"
mkdir -p "$out"
{ echo "recorded $(date -u +%Y-%m-%dT%H:%M:%SZ)"; kind version; helm version --short; docker version --format 'docker {{.Server.Version}} (API {{.Server.APIVersion}})'; } > "$out/VERSIONS.txt" 2>&1
docker info --format '{{json .DriverStatus}}' > "$out/docker-info-driver-status.json"
docker version --format '{{.Server.APIVersion}}' > "$out/docker-version-api.txt"
kind version > "$out/kind-version.txt"
helm show chart cilium --repo https://helm.cilium.io --version "~${minor}.0" > "$out/helm-show-chart-cilium-${minor}.yaml"
# A throwaway cluster on a throwaway network, as the lab creates them (no CNI, no kube-proxy).
docker network create --subnet 10.199.0.0/16 lab-recording >/dev/null
cat > "$out/kind-config.yaml" <<'YAML'
kind: Cluster
apiVersion: kind.x-k8s.io/v1alpha4
networking: { disableDefaultCNI: true, kubeProxyMode: none }
nodes: [{ role: control-plane }, { role: worker }]
YAML
KIND_EXPERIMENTAL_DOCKER_NETWORK=lab-recording kind create cluster --name recording --config "$out/kind-config.yaml" --kubeconfig "$out/kubeconfig" 2> "$out/kind-create.stderr.txt"
kind delete cluster --name recording --kubeconfig "$out/kubeconfig" 2> "$out/kind-delete.stderr.txt"
docker network rm lab-recording >/dev/null
echo "recorded into $out"
