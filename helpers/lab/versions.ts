// Versions of what a lab run used, for its results: FRR on the router, and
// GoBGP (emulated) or Cilium and kind (kind) for the clusters.
import type { Lab } from './lab.ts';
import { execIn } from '../docker/exec.ts';
import { runHost } from '../exec/host.ts';
import { ciliumVersion } from '../providers/kind/versions.ts';

export async function labVersions(lab: Lab): Promise<Record<string, string>> {
  const versions: Record<string, string> = { node: process.version };
  const frr = /FRRouting (\S+)/.exec(await lab.vtysh('show version').catch(() => ''))?.[1];
  if (frr) versions['frr'] = frr;
  if (lab.state.provider === 'emulated') {
    const node = lab.state.clusters[0]?.nodes[0];
    const out = node ? (await execIn(node.container.name, ['gobgpd', '--version'])).stdout : '';
    const gobgp = /version (\S+)/.exec(out)?.[1];
    if (gobgp) versions['gobgp'] = gobgp;
  } else if (lab.state.provider === 'kind') {
    versions['cilium'] = ciliumVersion().text;
    const kind = /kind v(\S+)/.exec((await runHost(['kind', 'version']).catch(() => ({ stdout: '' }))).stdout)?.[1];
    if (kind) versions['kind'] = kind;
  }
  return versions;
}
