// The emulated rolling upgrade: every node carries two GoBGP builds
// (images/node/Dockerfile: the suite's own and the other Debian suite's), and a
// roll replaces each node's speaker by the other build, node by node, keeping
// the node, its address and its datapath (the HTTP answer), as a Cilium agent
// DaemonSet update does. The old speaker ends without a NOTIFICATION (SIGKILL,
// as restartSpeaker), so the router keeps the node's paths as stale under
// graceful restart; the next node waits until this one's sessions are back.
import type { LabState } from '../../model/state.ts';
import { waitFor } from '../../model/budgets.ts';
import type { UpgradeStep } from '../types.ts';
import { execIn, execOk } from '../../docker/exec.ts';
import { parseGobgpNeighbors } from './gobgp-parse.ts';

export type SpeakerBuild = 'own' | 'other';

/** The version of the speaker process running now (its executable, not the build asked for next), or of one build. */
export function speakerVersionCommand(build?: SpeakerBuild): string[] {
  const binary = build ? `/opt/speakers/${build}/gobgpd` : '"$(readlink /proc/$(pgrep -xo gobgpd)/exe)"';
  return ['sh', '-c', `${binary} --version`];
}

export function parseGobgpVersion(output: string): string | undefined {
  return /version (\S+)/.exec(output)?.[1];
}

/**
 * The running speaker process: its start in clock ticks since boot (/proc/<pid>/stat field 22), the
 * uptime and the epoch read together, ticks per second, then its executable's version. Exit 3 when
 * no gobgpd runs. (scripts/record-outputs.sh records the same command's output.)
 */
export function speakerProcessCommand(): string[] {
  return ['sh', '-c', 'pid=$(pgrep -xo gobgpd) || exit 3; read -r up _ < /proc/uptime; echo "$(cut -d" " -f22 /proc/$pid/stat) $up $(date +%s.%N) $(getconf CLK_TCK)"; "$(readlink /proc/$pid/exe)" --version'];
}

/** Pure: speakerProcessCommand's output to when the process started (epoch ms, to a clock tick) and its version. */
export function parseSpeakerProcess(output: string): { startedAt: number; version: string } | undefined {
  const [times, versionLine = ''] = output.trim().split('\n');
  const m = /^(\d+) ([\d.]+) ([\d.]+) (\d+)$/.exec(times?.trim() ?? '');
  const version = parseGobgpVersion(versionLine);
  if (!m || !version) return undefined;
  const [ticks, uptime, now, hz] = m.slice(1).map(Number) as [number, number, number, number];
  // Started (uptime - ticks/hz) seconds before `now`.
  return { startedAt: Math.round((now - (uptime - ticks / hz)) * 1000), version };
}

/** Live nodes that run a speaker (a node no cluster config selects runs none). */
async function speakerNodes(state: LabState): Promise<{ cluster: string; node: string; container: string }[]> {
  const nodes = state.clusters.filter((c) => !c.deleted).flatMap((c) => c.nodes.map((n) => ({ cluster: c.name, node: n.name, container: n.container.name })));
  const running = await Promise.all(nodes.map(async (n) => (await execIn(n.container, ['pgrep', '-x', 'gobgpd'])).exitCode === 0));
  return nodes.filter((_, i) => running[i]);
}

async function rollNode(container: string, build: SpeakerBuild, version: string): Promise<void> {
  await execOk(container, ['sh', '-c', `echo ${build} > /run/lab-speaker && pkill -KILL -x gobgpd`]);
  await waitFor('speakerRestart', `${container}'s speaker to run gobgp ${version} with every session Established`, async () => {
    const running = parseGobgpVersion(await execOk(container, speakerVersionCommand()));
    const neighbors = parseGobgpNeighbors(await execOk(container, ['gobgp', 'neighbor', '-j']));
    return { running, neighbors: neighbors.map((n) => `${n.address} ${n.state}`) };
  }, (s) => s.running === version && s.neighbors.length > 0 && s.neighbors.every((n) => n.endsWith(' Established')), (s) => JSON.stringify(s));
}

/** Two rolls: to the other build and back, so the lab ends as it began. Empty when the image carries one build. */
export async function emulatedUpgradeSteps(state: LabState): Promise<UpgradeStep[]> {
  const first = state.clusters.find((c) => !c.deleted)?.nodes[0];
  if (!first) return [];
  const versionOf = async (build: SpeakerBuild) => parseGobgpVersion((await execIn(first.container.name, speakerVersionCommand(build))).stdout);
  const [own, other] = await Promise.all([versionOf('own'), versionOf('other')]);
  if (!own || !other) return [];
  const step = (from: string, to: string, build: SpeakerBuild): UpgradeStep => ({
    label: `gobgp ${from} -> ${to}`,
    from,
    to,
    async run(current, onNode, log) {
      for (const n of await speakerNodes(current)) {
        onNode(n.cluster, n.node);
        log(`${n.node}: speaker gobgp ${from} -> ${to}`);
        await rollNode(n.container, build, to);
      }
    },
  });
  return [step(own, other, 'other'), step(other, own, 'own')];
}
