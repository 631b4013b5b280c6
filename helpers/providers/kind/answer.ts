// The demo workload (nginxdemos/hello:plain-text) answers with its pod's name:
//   Server address: 10.244.1.5:80
//   Server name: nginxhello-6d4d8b9c7-x2x7q
//   Date: ...
// The lab maps that pod to its node and cluster.
import type { Answer } from '../types.ts';
import type { LabState } from '../../spec/state.ts';

export function parseServerName(body: string): string | undefined {
  return /Server name:\s*(\S+)/.exec(body)?.[1];
}

export function identifyKindAnswer(state: LabState, body: string): Answer | undefined {
  const pod = parseServerName(body);
  if (!pod) return undefined;
  for (const cluster of state.clusters) {
    const node = cluster.workloadPods?.[pod];
    if (node) return { cluster: cluster.name, node };
  }
  return undefined;
}
