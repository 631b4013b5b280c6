// What each node's Cilium agent says about itself, for a failed run: its
// status (devices, kube-proxy replacement), its BGP peers and the routes it
// advertises, and the end of its log. Read through the node's container
// runtime (`crictl`, which kind's node images carry: kind's quick start lists
// images with `docker exec <node> crictl images`), so no kubectl is needed.
// Commands from Cilium's bugtool (bugtool/cmd/configuration.go collects
// `cilium-dbg status --verbose`, `cilium-dbg bgp peers` and
// `cilium-dbg bgp routes advertised ipv4 unicast`).
import type { HostResult } from '../../exec/host.ts';

export const CILIUM_DBG_COMMANDS: Readonly<Record<string, readonly string[]>> = {
  'cilium-dbg-status': ['cilium-dbg', 'status', '--verbose'],
  'cilium-dbg-bgp-peers': ['cilium-dbg', 'bgp', 'peers'],
  'cilium-dbg-bgp-routes-advertised': ['cilium-dbg', 'bgp', 'routes', 'advertised', 'ipv4', 'unicast'],
};

type Run = (argv: readonly string[], options?: { timeoutMs?: number }) => Promise<HostResult>;

/** File name to text for one node; a command that fails leaves its error in its file instead. */
export async function ciliumAgentDiagnostics(run: Run, node: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  const attempt = async (name: string, argv: readonly string[]) => {
    try {
      const { stdout, stderr } = await run(argv, { timeoutMs: 60_000 });
      files[`${node}-${name}.txt`] = [stdout, stderr].filter(Boolean).join('\n');
    } catch (error) {
      files[`${node}-${name}.txt`] = `could not collect: ${(error as Error).message}\n`;
    }
  };
  let agent: string | undefined;
  try {
    // -a --latest: a crash-looping agent (what diagnostics are for) is usually Exited, not running.
    agent = (await run(['docker', 'exec', node, 'crictl', 'ps', '-a', '--name', 'cilium-agent', '--latest', '--quiet'])).stdout.trim().split('\n')[0] || undefined;
  } catch (error) {
    files[`${node}-cilium-agent.txt`] = `could not find the Cilium agent container: ${(error as Error).message}\n`;
    return files;
  }
  if (!agent) {
    files[`${node}-cilium-agent.txt`] = 'no cilium-agent container on this node (crictl ps -a --name cilium-agent)\n';
    return files;
  }
  for (const [name, argv] of Object.entries(CILIUM_DBG_COMMANDS)) await attempt(name, ['docker', 'exec', node, 'crictl', 'exec', agent, ...argv]);
  await attempt('cilium-agent-log', ['docker', 'exec', node, 'crictl', 'logs', '--tail', '2000', agent]);
  return files;
}
