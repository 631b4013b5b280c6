// The demo workload (nginxdemos/hello:plain-text) answers with its pod's name
// (nginxinc/NGINX-Demos nginx-hello/hello-plain-text.conf returns
// "Server name: $hostname", and a pod's hostname is its name):
//   Server address: 10.244.1.5:80
//   Server name: nginxhello-6d4d8b9c7-x2x7q
//   Date: ...
// The pod's name is looked up among the clusters' workload pods as they are
// when a probe runs, so a recreated cluster's (or a restarted pod's) new name
// is found: nothing is remembered between probes.
import type { Answer, AnswerIdentifier } from '../../model/state.ts';

function parseServerName(body: string): string | undefined {
  return /Server name:\s*(\S+)/.exec(body)?.[1];
}

/** `podNodes`: per live cluster, its workload pods' names to their node names. */
export function kindAnswerIdentifier(podNodes: Readonly<Record<string, Readonly<Record<string, string>>>>): AnswerIdentifier {
  return (body: string): Answer | undefined => {
    const pod = parseServerName(body);
    if (!pod) return undefined;
    for (const [cluster, pods] of Object.entries(podNodes)) {
      const node = pods[pod];
      if (node) return { cluster, node };
    }
    return undefined;
  };
}
