// The kind provider against fake kind, helm and docker executables (first on
// PATH, recording argv and environment, replaying recorded outputs:
// fixtures/fakes/fake-tools.ts) and an
// in-memory stand-in for the Kubernetes API.
import { schemaSet } from '../../cilium/schema/schema-sets.ts';
import type { KindSchemas } from '../../cilium/schema/compact-schema.ts';
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import reference from '../../../fixtures/reference-lab.ts';
import { ciliumVersionOfImage, createKindProvider, defaultKindDeps, kindSettings, labKindClusters, type KindDeps } from './provider.ts';
import type { KubeOps } from './kube-ops.ts';
import type { ProviderContext } from '../types.ts';
import { parseCiliumVersion, kindNodeImage } from './versions.ts';
import type { KubeObject } from '../../cilium/manifests.ts';
import type { LabState } from '../../model/state.ts';
import { resolveLab } from '../../model/resolve.ts';
import { hostPlatform } from './image-store.ts';
import { endpointNodes, nodeFromApi, serviceFromApi, type ClusterObjects } from '../../k8s/cluster-objects.ts';
import { startFakeTools, type FakeCall, type FakeRule, type FakeTools } from '../../../fixtures/fakes/fake-tools.ts';
import { compareReceivedRoutes, formatRouteDifference } from '../../model/advertised-routes.ts';
import { parseFrrBgpTable } from '../../routers/frr/parse.ts';

// Hand-made examples in the tools' formats (fixtures/examples/kind/README.md), not recordings: they
// exercise how the provider reads each format; the formats' upstream sources are cited there.
const EXAMPLES = 'fixtures/examples/kind';
/** Real recordings (fixtures/recorded/kind/README.md). */
const RECORDED = 'fixtures/recorded/kind';

type Call = FakeCall;
type Rule = FakeRule;

/** Rules replaying a healthy run: images present, clusters created, Cilium installed. */
const HEALTHY: Rule[] = [
  // Docker 28+ with the containerd image store (moby LayerStoreStatus: driver-type io.containerd.snapshotter.v1).
  { tool: 'docker', match: '^info --format', stdoutFile: `${EXAMPLES}/docker-info-driver-status-containerd.json` },
  { tool: 'docker', match: '^version --format', stdout: '1.51\n' },
  { tool: 'helm', match: '^show values', stdoutFile: `${EXAMPLES}/helm-show-values-cilium-1.19.8.excerpt.yaml` },
  { tool: 'docker', match: '^image inspect', stdout: 'sha256:0123\n' },
  { tool: 'kind', match: '^create cluster --name kind01', stderrFile: `${EXAMPLES}/kind-create-kind01.stderr.txt` },
  { tool: 'kind', match: '^create cluster --name kind02', stderrFile: `${EXAMPLES}/kind-create-kind02.stderr.txt` },
  { tool: 'docker', match: '^inspect .* kind01-control-plane', stdoutFile: `${EXAMPLES}/docker-inspect-kind01.txt` },
  { tool: 'docker', match: '^inspect .* kind02-control-plane', stdoutFile: `${EXAMPLES}/docker-inspect-kind02.txt` },
  { tool: 'helm', match: '^upgrade --install', stdoutFile: `${EXAMPLES}/helm-install-cilium.stdout.txt` },
  { tool: 'docker', match: '^network ls', stdoutFile: `${EXAMPLES}/docker-network-ls-lab.txt` },
  { tool: 'docker', match: '^ps -a --filter label=io.x-k8s.kind.cluster', stdoutFile: `${EXAMPLES}/docker-ps-kind-nodes.txt` },
  { tool: 'kind', match: '^delete cluster', stderrFile: `${EXAMPLES}/kind-delete-kind01.stderr.txt` },
];

/** Each cluster's objects as its API lists them: kind01's recorded lists, and the same shape for kind02. */
function apiObjects(cluster: string, clusterIPs: Record<string, string>): ClusterObjects {
  const read = (file: string) => JSON.parse(readFileSync(`fixtures/recorded/k8s/${file}`, 'utf8')
    .replaceAll('kind01', cluster).replaceAll('10.20.0.', cluster === 'kind01' ? '10.20.0.' : '172.20.0.')
    .replaceAll('10.96.201.17', clusterIPs[cluster] ?? '10.96.201.17')) as { items: never[] };
  return {
    nodes: read('nodes-kind01.json').items.map(nodeFromApi),
    services: read('services-kind01.json').items.map(serviceFromApi),
    endpoints: endpointNodes(read('endpointslices-kind01.json').items),
  };
}

class FakeKube implements KubeOps {
  readonly calls: string[] = [];
  clusterIPs: Record<string, string> = {};
  async clusterObjects(kc: string) { this.calls.push(`objects (${kc})`); return apiObjects(kc.includes('kind01') ? 'kind01' : 'kind02', this.clusterIPs); }
  applied: KubeObject[] = [];
  failOn: Partial<Record<keyof KubeOps, string>> = {};
  #fail(op: keyof KubeOps, call: string) {
    this.calls.push(call);
    const message = this.failOn[op];
    if (message) throw new Error(message);
  }
  async untaintControlPlane(kc: string, node: string) { this.#fail('untaintControlPlane', `untaint ${node} (${kc})`); }
  async apply(kc: string, objects: readonly KubeObject[]) { this.#fail('apply', `apply ${objects.length} (${kc})`); this.applied.push(...objects); }
  async waitRollout(_kc: string, kind: string, ns: string, name: string) { this.#fail('waitRollout', `rollout ${kind} ${ns}/${name}`); }
  async waitServiceIp(_kc: string, ns: string, name: string, ip: string) { this.#fail('waitServiceIp', `service-ip ${ns}/${name} ${ip}`); }
  async waitBgpEstablished(_kc: string, nodes: readonly string[], apiVersion: string) { this.#fail('waitBgpEstablished', `bgp ${nodes.join(',')} ${apiVersion}`); }
  /** The apiVersion each read of a node's peers used (kept apart from `calls`: a read changes nothing). */
  readonly neighborsAsked: string[] = [];
  async bgpNeighbors(_kc: string, node: string, apiVersion: string) { this.neighborsAsked.push(`${node} ${apiVersion}`); return [{ address: '10.20.0.101', remoteAs: 65001, state: 'Established' as const, prefixesReceived: 0 }]; }
  async deleteAdvertisements(kc: string, apiVersion: string) { this.#fail('deleteAdvertisements', `delete-adverts ${apiVersion} (${kc})`); }
  async restartAgent(kc: string, node: string) { this.#fail('restartAgent', `restart-agent ${node} (${kc})`); }
  async agentContainer(_kc: string, node: string) { return { pod: `cilium-${node}`, startedAt: '2026-11-27T04:00:01Z', image: 'quay.io/cilium/cilium:v1.19.8@sha256:0123' }; }
  /** The cluster's Cilium CRDs: the 1.19 schemas as the lab has them, changed by `crdChange`. */
  crdChange: (kinds: Record<string, KindSchemas>) => void = () => {};
  async ciliumSchemas(kc: string) {
    this.calls.push(`crds (${kc})`);
    const kinds = structuredClone(schemaSet('1.19').kinds) as Record<string, KindSchemas>;
    this.crdChange(kinds);
    return kinds;
  }
  async podNodes(kc: string, ns: string, selector: string): Promise<Record<string, string>> { this.calls.push(`pods ${ns} ${selector} (${kc})`); return kc.includes('kind01') ? { 'nginxhello-1': 'kind01-worker' } : { 'nginxhello-2': 'kind02-worker' }; }
}

let dir: string;
let fakes: FakeTools;
let kube: FakeKube;

async function setRules(rules: Rule[]) {
  fakes.rules = rules;
}

async function calls(): Promise<Call[]> {
  return [...fakes.calls];
}

function deps(): KindDeps {
  return {
    ...defaultKindDeps(),
    kube,
    settings: () => ({ ciliumVersion: parseCiliumVersion('1.19.8'), nodeImage: kindNodeImage(parseCiliumVersion('1.19.8'), {}), workDir: join(dir, 'work'), helmTimeout: '10m' }),
    checkHost: async () => {},
  };
}

const lab = await resolveLab(reference);

const ctx = (): ProviderContext => ({
  lab,
  session: 's1',
  networks: {},
  images: { router: 'r', node: 'n', client: 'c' },
  log: () => {},
});

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kind-provider-'));
  fakes = await startFakeTools();
  fakes.install();
  kube = new FakeKube();
  await setRules(HEALTHY);
});

afterEach(async () => {
  await fakes.close();
});

describe('kind provider, node addresses', () => {
  // The router peers with whatever connects from the cluster's network (bgp listen range), so the
  // addresses docker hands out, whatever they are, are the next hops the lab expects.
  it('takes the addresses docker gave the nodes, not the spec\'s guesses', async () => {
    await setRules([{ tool: 'docker', match: '^inspect .* kind01-control-plane', stdout: 'id1 /kind01-control-plane 10.20.0.7\nid2 /kind01-worker 10.20.0.9\n' }, ...HEALTHY]);
    const clusters = await createKindProvider(deps()).createClusters(ctx());
    expect(clusters[0]!.nodes.map((n) => `${n.name}=${n.address}`)).toEqual(['kind01-control-plane=10.20.0.7', 'kind01-worker=10.20.0.9']);
  });
});

describe('kind provider, healthy run', () => {
  it('creates both clusters on their lab networks, sets them up and reports nodes, kubeconfigs and pods', async () => {
    const clusters = await createKindProvider(deps()).createClusters(ctx());
    const log = await calls();

    const creates = log.filter((c) => c.tool === 'kind' && c.argv[0] === 'create');
    expect(creates.map((c) => [c.argv.slice(0, 4).join(' '), c.env['KIND_EXPERIMENTAL_DOCKER_NETWORK']]).sort()).toEqual([
      ['create cluster --name kind01', 'anycast-kind01'],
      ['create cluster --name kind02', 'anycast-kind02'],
    ]);
    // Cilium's images come from the chart's values; present ones are not pulled again.
    expect(log.some((c) => c.tool === 'docker' && c.argv[0] === 'pull')).toBe(false);
    // One platform of each image saved to an archive, then `kind load image-archive` (kind issues 3795, 4066).
    const archive = join(dir, 'work', 'kind01', 'images.tar');
    const save = log.find((c) => c.tool === 'docker' && c.argv[0] === 'save' && c.argv.includes(archive));
    expect(save?.argv).toEqual([
      'save', '--platform', hostPlatform(), '--output', archive, 'quay.io/cilium/cilium:v1.19.8', 'quay.io/cilium/operator-generic:v1.19.8',
      'quay.io/cilium/cilium-envoy:v1.37.6-1789133542-cbec91f666af0bf742da986d43832932dbb26b82', 'nginxdemos/hello:plain-text',
    ]);
    expect(log.find((c) => c.line.startsWith('load') && c.argv.includes('kind01'))?.argv).toEqual(['load', 'image-archive', archive, '--name', 'kind01']);
    expect(log.some((c) => c.line.startsWith('load docker-image'))).toBe(false);
    expect(log.filter((c) => c.tool === 'docker' && c.argv[0] === 'exec' && c.argv[1] === 'kind01-worker').map((c) => c.argv.slice(2).join(' '))).toEqual([
      'ip route replace 192.168.20.0/24 via 10.20.0.101',
      'ip route replace default via 10.20.0.101',
    ]);
    const helm = log.find((c) => c.tool === 'helm' && c.argv[0] === 'upgrade' && c.line.includes('kind02'));
    expect(helm?.argv).toContain('--wait');
    expect(helm?.line).toContain('--version 1.19.8 --namespace kube-system');

    expect(kube.calls.filter((c) => c.startsWith('untaint')).sort()).toEqual([
      `untaint kind01-control-plane (${join(dir, 'work', 'kind01', 'kubeconfig')})`,
      `untaint kind02-control-plane (${join(dir, 'work', 'kind02', 'kubeconfig')})`,
    ]);
    expect(kube.calls.filter((c) => c.startsWith('bgp')).sort()).toEqual([
      'bgp kind01-control-plane,kind01-worker cilium.io/v2',
      'bgp kind02-control-plane,kind02-worker cilium.io/v2',
    ]);
    expect(kube.applied.filter((o) => o.kind === 'Secret').map((o) => o.metadata.name)).toEqual(['bgp-auth-secret', 'bgp-auth-secret']);

    expect(clusters.map((c) => ({ name: c.name, nodes: c.nodes.map((n) => `${n.name}=${n.address}`) }))).toEqual([
      { name: 'kind01', nodes: ['kind01-control-plane=10.20.0.3', 'kind01-worker=10.20.0.2'] },
      { name: 'kind02', nodes: ['kind02-control-plane=172.20.0.2', 'kind02-worker=172.20.0.3'] },
    ]);
    // The rendered files were written before the commands that read them.
    expect(await readFile(join(dir, 'work', 'kind01', 'kind-config.yaml'), 'utf8')).toContain('kubeProxyMode: none');
    expect(await readFile(join(dir, 'work', 'kind02', 'cilium-values.yaml'), 'utf8')).toContain('k8sServiceHost: kind02-control-plane');
  });

  it('pulls an image missing on the host, once', async () => {
    await setRules([{ tool: 'docker', match: '^image inspect .*nginxdemos', exit: 1, stderr: 'Error: No such image: nginxdemos/hello:plain-text\n' }, ...HEALTHY]);
    await createKindProvider(deps()).createClusters(ctx());
    expect((await calls()).filter((c) => c.argv[0] === 'pull').map((c) => c.line)).toEqual(['pull nginxdemos/hello:plain-text']);
  });

  it('deletes a cluster with kind delete cluster and its own kubeconfig', async () => {
    const state = { session: 's1', lab, clusters: [{ name: 'kind01', nodes: [] }] } as unknown as LabState;
    await createKindProvider(deps()).deleteCluster(state, 'kind01');
    expect((await calls()).map((c) => `${c.tool} ${c.line}`)).toEqual([`kind delete cluster --name kind01 --kubeconfig ${join(dir, 'work', 'kind01', 'kubeconfig')}`]);
  });

  // Evidence: cilium/cilium install/kubernetes/cilium/templates/cilium-agent/daemonset.yaml (the chart's agent
  // DaemonSet): pods labelled k8s-app: cilium, the agent's container named cilium-agent, its image from
  // `cilium.image` (repository:tag, with @digest when the chart pins one). startedAt is Kubernetes'
  // ContainerStateRunning.startedAt (core/v1), whole seconds.
  it("tells when a node's speaker (its Cilium agent container) started and which Cilium it runs, from its image", async () => {
    const state = { lab, clusters: [{ name: 'kind01', nodes: [] }] } as unknown as LabState;
    expect(await createKindProvider(deps()).speakerRun(state, 'kind01', 'kind01-worker')).toEqual({ startedAt: Date.parse('2026-11-27T04:00:01Z'), version: '1.19.8' });
    expect(ciliumVersionOfImage('quay.io/cilium/cilium:v1.20.2')).toBe('1.20.2');
    expect(ciliumVersionOfImage('quay.io/cilium/cilium@sha256:0123')).toBe('quay.io/cilium/cilium@sha256:0123');
  });

  it("compares the cluster's Cilium CRDs with the schemas of the minor it runs, naming each field that drifted", async () => {
    const provider = createKindProvider(deps());
    const state = { session: 's1', lab, clusters: [{ name: 'kind01', nodes: [] }] } as unknown as LabState;
    expect(await provider.schemaDrift!(state, 'kind01')).toEqual([]);
    kube.crdChange = (kinds) => {
      const timers = (kinds['CiliumBGPPeerConfig']!.versions['v2']!.schema as any).properties.spec.properties.timers.properties;
      timers.holdTimeSeconds.minimum = 1;
      timers.idleHoldTimeSeconds = { type: 'integer' };
    };
    expect(await provider.schemaDrift!(state, 'kind01')).toEqual([
      'cluster kind01 (Cilium 1.19.8) against fixtures/cilium-schemas/1.19.json (v1.19.4): CiliumBGPPeerConfig v2 spec.timers.holdTimeSeconds: minimum 3 here, 1 on the cluster',
      'cluster kind01 (Cilium 1.19.8) against fixtures/cilium-schemas/1.19.json (v1.19.4): CiliumBGPPeerConfig v2 spec.timers.idleHoldTimeSeconds: a field on the cluster, not here',
    ]);
  });

  it("reads a node's peers from its CiliumBGPNodeConfig", async () => {
    const provider = createKindProvider(deps());
    const state = { lab, clusters: [{ name: 'kind01', nodes: [] }] } as unknown as LabState;
    expect(await provider.nodeNeighbors(state, 'kind01', 'kind01-worker')).toEqual([{ address: '10.20.0.101', remoteAs: 65001, state: 'Established', prefixesReceived: 0 }]);
    expect(kube.calls).toEqual([]);
  });

  // nginxdemos/hello:plain-text answers "Server name: $hostname" (nginxinc/NGINX-Demos
  // nginx-hello/hello-plain-text.conf); a pod's hostname is its name.
  it('tells clusters apart by the pod name the answer carries, looked up in the live clusters when a probe starts', async () => {
    const provider = createKindProvider(deps());
    const state = { lab, clusters: [{ name: 'kind01', nodes: [] }, { name: 'kind02', nodes: [] }] } as unknown as LabState;
    const identify = await provider.answerIdentifier(state);
    expect(identify('Server address: 10.244.1.5:80\nServer name: nginxhello-1\nDate: x')).toEqual({ cluster: 'kind01', node: 'kind01-worker' });
    expect(identify('Server name: nginxhello-2')).toEqual({ cluster: 'kind02', node: 'kind02-worker' });
    expect(identify('Server name: unknown-pod')).toBeUndefined();
    expect(kube.calls.filter((c) => c.startsWith('pods')).sort()).toEqual([
      `pods default app=nginxhello (${join(dir, 'work', 'kind01', 'kubeconfig')})`,
      `pods default app=nginxhello (${join(dir, 'work', 'kind02', 'kubeconfig')})`,
    ]);

    // A deleted cluster is not asked (it has no API server), and its pods answer nothing.
    kube.calls.length = 0;
    const afterDeletion = await provider.answerIdentifier({ ...state, clusters: [{ name: 'kind01', nodes: [], deleted: true }, { name: 'kind02', nodes: [] }] });
    expect(afterDeletion('Server name: nginxhello-1')).toBeUndefined();
    expect(kube.calls.filter((c) => c.startsWith('pods'))).toEqual([`pods default app=nginxhello (${join(dir, 'work', 'kind02', 'kubeconfig')})`]);
  });
});

describe('kind provider, Docker\'s classic image store', () => {
  it('saves images whole (a classic store holds one platform) and still loads them as an archive', async () => {
    await setRules([{ tool: 'docker', match: '^info --format', stdoutFile: `${RECORDED}/docker-info-driver-status-overlay2.json` }, { tool: 'docker', match: '^version --format', stdoutFile: `${RECORDED}/docker-version-api-1.41.txt` }, ...HEALTHY]);
    await createKindProvider(deps()).createClusters(ctx());
    const saves = (await calls()).filter((c) => c.tool === 'docker' && c.argv[0] === 'save');
    expect(saves).toHaveLength(2);
    expect(saves.every((c) => !c.argv.includes('--platform'))).toBe(true);
  });

  it('refuses the containerd store on an engine older than API 1.48 before creating anything', async () => {
    await setRules([{ tool: 'docker', match: '^version --format', stdout: '1.47\n' }, ...HEALTHY]);
    const error = (await createKindProvider(deps()).createClusters(ctx()).catch((e: unknown) => e)) as Error;
    expect(error.message).toContain('Docker uses the containerd image store but its API is 1.47');
    expect((await calls()).some((c) => c.tool === 'kind')).toBe(false);
  });
});

describe('kind provider, CILIUM_VERSION given as a minor', () => {
  it('asks the chart repository once for its newest patch, and installs, preloads and reports that', async () => {
    await setRules([{ tool: 'helm', match: '^show chart', stdoutFile: `${EXAMPLES}/helm-show-chart-cilium-1.20.excerpt.yaml` }, ...HEALTHY]);
    const provider = createKindProvider({ ...deps(), settings: () => ({ ...deps().settings(), ciliumVersion: parseCiliumVersion('1.20') }) });
    await provider.createClusters(ctx());
    const log = await calls();
    expect(log.filter((c) => c.line.startsWith('show chart')).map((c) => c.line)).toEqual(['show chart cilium --repo https://helm.cilium.io --version ~1.20.0']);
    expect(log.find((c) => c.line.startsWith('show values'))?.line).toContain('--version 1.20.2');
    expect(log.filter((c) => c.tool === 'helm' && c.argv[0] === 'upgrade').every((c) => c.line.includes('--version 1.20.2'))).toBe(true);
    expect((await provider.versions({} as LabState)).cilium).toBe('1.20.2');
    expect(log.filter((c) => c.line.startsWith('show chart'))).toHaveLength(1);
  });
});

describe('kind provider, the printed plan', () => {
  it('shows the resolved Cilium version, the node image, how images are saved and every step', async () => {
    await setRules([{ tool: 'helm', match: '^show chart', stdoutFile: `${EXAMPLES}/helm-show-chart-cilium-1.20.excerpt.yaml` }, ...HEALTHY]);
    const provider = createKindProvider({ ...deps(), settings: () => ({ ...deps().settings(), ciliumVersion: parseCiliumVersion('1.20') }) });
    const plan = await provider.describePlan(lab);
    expect(plan).toContain('# kind provider: Cilium 1.20.2, node image kindest/node:v1.35.5@sha256:');
    expect(plan).toContain('CILIUM_VERSION=1.20 is 1.20.2 today, its newest patch: helm show chart cilium --repo https://helm.cilium.io --version ~1.20.0');
    expect(plan).toContain(`images are saved for ${hostPlatform()} only (Docker's containerd image store)`);
    expect(plan).toContain('$ kind load image-archive');
    expect((await calls()).filter((c) => c.tool === 'kind')).toEqual([]);
  });

  it('says what it could not resolve instead of failing', async () => {
    await setRules([{ tool: 'helm', match: '^show chart', exit: 1, stderr: 'Error: looks like "https://helm.cilium.io" is not a valid chart repository or cannot be reached\n' }, ...HEALTHY]);
    const provider = createKindProvider({ ...deps(), settings: () => ({ ...deps().settings(), ciliumVersion: parseCiliumVersion('1.20') }) });
    const plan = await provider.describePlan(lab);
    expect(plan).toContain('CILIUM_VERSION=1.20 means its newest patch, NOT resolved here');
    expect(plan).toContain('cannot be reached');
    expect(plan).toContain('# kind provider: Cilium 1.20.x');
  });
});

describe('kind provider, failures end with a clear error', () => {
  it('kind create cluster fails: the error names the cluster, the command and kind\'s message', async () => {
    await setRules([{ tool: 'kind', match: '^create cluster --name kind01', exit: 1, stderrFile: `${EXAMPLES}/kind-create-exists.stderr.txt` }, ...HEALTHY]);
    const error = (await createKindProvider(deps()).createClusters(ctx()).catch((e: unknown) => e)) as Error;
    expect(error.message).toContain('cluster kind01: create kind cluster kind01 on docker network anycast-kind01 failed');
    expect(error.message).toContain('node(s) already exist for a cluster with the name "kind01"');
    // Clusters are created in parallel: kind02 finished; the lab's cleanup removes both.
    expect(kube.calls.some((c) => c.startsWith('bgp kind02'))).toBe(true);
  });

  it('helm times out', async () => {
    await setRules([{ tool: 'helm', match: '^upgrade --install.*kind02', exit: 1, stderrFile: `${EXAMPLES}/helm-install-timeout.stderr.txt` }, ...HEALTHY]);
    const error = (await createKindProvider(deps()).createClusters(ctx()).catch((e: unknown) => e)) as Error;
    expect(error.message).toMatch(/cluster kind02: install Cilium 1\.19\.8 in kind02 failed: .*helm upgrade --install cilium .* got exit code 1:\nError: context deadline exceeded/s);
  });

  it('a peer never reaches Established', async () => {
    kube.failOn.waitBgpEstablished = 'waited 60000 ms (budget "bgpNodeConfig") for every peer Established; last seen: kind01-worker: 10.20.0.101 AS 65001 Active';
    const error = (await createKindProvider(deps()).createClusters(ctx()).catch((e: unknown) => e)) as Error;
    expect(error.message).toContain('cluster kind01: every CiliumBGPNodeConfig reports its peers Established failed: waited 60000 ms');
    expect(error.message).toContain('kind01-worker: 10.20.0.101 AS 65001 Active');
  });

  it('the Service gets no IP', async () => {
    kube.failOn.waitServiceIp = 'waited 30000 ms (budget "serviceIp") for Service default/nginxhello to get LoadBalancer ingress IP 172.30.0.10; last seen: no ingress yet';
    const error = (await createKindProvider(deps()).createClusters(ctx()).catch((e: unknown) => e)) as Error;
    expect(error.message).toContain('Service default/nginxhello gets 172.30.0.10 failed');
    expect(error.message).toContain('last seen: no ingress yet');
    expect(kube.calls.some((c) => c.startsWith('bgp'))).toBe(false);
  });

  it('a node docker did not put on the lab network cannot peer', async () => {
    await setRules([{ tool: 'docker', match: '^inspect .* kind01-control-plane', stdout: 'id1 /kind01-control-plane 10.20.0.7\nid2 /kind01-worker \n' }, ...HEALTHY]);
    const error = (await createKindProvider(deps()).createClusters(ctx()).catch((e: unknown) => e)) as Error;
    expect(error.message).toContain('cluster kind01: kind nodes kind01-worker have no address in 10.20.0.0/16 on docker network anycast-kind01');
  });
});

// What real Cilium announced (the router's table) against the prediction for the objects the cluster
// really holds (read from its API): recorded FRR 10.3 output of a lab whose Services' ClusterIPs
// were 10.96.113.191 (kind01) and 10.96.146.154 (kind02).
describe('kind provider, fidelity of the emulation', () => {
  const received = parseFrrBgpTable(readFileSync('fixtures/recorded/frr-10.3/bgp-ipv4-unicast-all.json', 'utf8'));
  const state = () => ({ lab, clusters: [{ name: 'kind01', nodes: [] }, { name: 'kind02', nodes: [] }] } as unknown as LabState);

  it('predicts from the live objects what each node announces: nothing differs when Cilium did just that', async () => {
    kube.clusterIPs = { kind01: '10.96.113.191', kind02: '10.96.146.154' };
    const predicted = (await createKindProvider(deps()).predictedBgp(state())).routes;
    expect(kube.calls.filter((c) => c.startsWith('objects'))).toHaveLength(2);
    expect(compareReceivedRoutes(predicted, received).map(formatRouteDifference)).toEqual([]);
  });

  it('names every route that differs when the cluster holds other objects than what was announced', async () => {
    kube.clusterIPs = { kind01: '10.96.0.77', kind02: '10.96.146.154' };
    const predicted = (await createKindProvider(deps()).predictedBgp(state())).routes;
    // Each line up to the setting to change.
    expect(compareReceivedRoutes(predicted, received).map((d) => formatRouteDifference(d).split(';')[0])).toEqual([
      '10.20.0.2 10.96.0.77/32: route expected announced and kept by the router policy, the router holds no such route',
      '10.20.0.3 10.96.0.77/32: route expected announced and kept by the router policy, the router holds no such route',
      '10.20.0.2 10.96.113.191/32: route expected not announced (Cilium\'s semantics for the cluster\'s objects), the router holds it in its BGP table (as-path 65101, next hop 10.20.0.2)',
      '10.20.0.3 10.96.113.191/32: route expected not announced (Cilium\'s semantics for the cluster\'s objects), the router holds it in its BGP table (as-path 65101, next hop 10.20.0.3)',
    ]);
  });
});

// Commands from Cilium's bugtool (cilium/cilium bugtool/cmd/configuration.go collects
// `cilium-dbg status --verbose`, `cilium-dbg bgp peers`, `cilium-dbg bgp routes advertised ipv4 unicast`);
// the agent container is `cilium-agent` (install/kubernetes/cilium/templates/cilium-agent/daemonset.yaml);
// kind nodes carry crictl (kind's quick start: `docker exec <node> crictl images`).
describe('kind provider diagnostics', () => {
  it("collects each live node's Cilium status, BGP peers, advertised routes and agent log, and kind's logs", async () => {
    await setRules([
      { tool: 'docker', match: '^exec kind02-worker crictl ps', stdout: '' },
      { tool: 'docker', match: '^exec \\S+ crictl ps -a --name cilium-agent --latest --quiet', stdout: '4f1c2e9a7b3d\n' },
      { tool: 'docker', match: '^exec \\S+ crictl exec 4f1c2e9a7b3d cilium-dbg bgp peers', stdout: 'Local AS   Peer AS   Peer Address     Session       Uptime   Family         Received   Advertised\n65101      65001     10.20.0.101:179  established   1m2s     ipv4/unicast   0          2\n' },
      { tool: 'docker', match: '^exec \\S+ crictl exec', stdout: 'ok\n' },
      { tool: 'docker', match: '^exec \\S+ crictl logs', stdout: 'level=info msg=started\n' },
      { tool: 'kind', match: '^export logs', stderr: 'Exporting logs for cluster "kind01" to:\n', stdout: '/tmp/x\n' },
      ...HEALTHY,
    ]);
    const state = { lab, clusters: [
      { name: 'kind01', nodes: [{ name: 'kind01-worker', address: '10.20.0.2', container: { name: 'kind01-worker', id: 'a' } }] },
      { name: 'kind02', nodes: [{ name: 'kind02-worker', address: '172.20.0.2', container: { name: 'kind02-worker', id: 'b' } }] },
      { name: 'kind03', deleted: true, nodes: [{ name: 'kind03-worker', address: '10.30.0.2', container: { name: 'kind03-worker', id: 'c' } }] },
    ] } as unknown as LabState;
    const files = await createKindProvider(deps()).diagnostics(state, dir);
    expect(Object.keys(files).sort()).toEqual([
      'kind01-kind-export-logs.txt',
      'kind01-worker-cilium-agent-log.txt', 'kind01-worker-cilium-dbg-bgp-peers.txt', 'kind01-worker-cilium-dbg-bgp-routes-advertised.txt', 'kind01-worker-cilium-dbg-status.txt',
      'kind02-kind-export-logs.txt', 'kind02-worker-cilium-agent.txt',
    ]);
    expect(files['kind01-worker-cilium-dbg-bgp-peers.txt']).toContain('10.20.0.101:179  established');
    expect(files['kind02-worker-cilium-agent.txt']).toContain('no cilium-agent container');
    const log = await calls();
    expect(log.find((c) => c.line.includes('cilium-dbg status'))?.argv).toEqual(['exec', 'kind01-worker', 'crictl', 'exec', '4f1c2e9a7b3d', 'cilium-dbg', 'status', '--verbose']);
    expect(log.some((c) => c.line.includes('kind03'))).toBe(false);
  });
});

describe('kind provider cleanup', () => {
  // Without --kubeconfig, kind edits the user's kubeconfig ($KUBECONFIG, else ~/.kube/config):
  // kubernetes-sigs/kind v0.32.0 pkg/cluster/internal/kubeconfig/internal/kubeconfig/paths.go.
  it("finds the clusters whose nodes sit on the session's networks and deletes them (and no other), each with the lab's own kubeconfig", async () => {
    await createKindProvider(deps()).cleanup('s1');
    const log = await calls();
    expect(log.find((c) => c.argv[0] === 'network')?.line).toBe('network ls --filter label=anycast-lab.session=s1 --format {{.Name}}');
    expect(log.filter((c) => c.tool === 'kind').map((c) => c.line)).toEqual([
      `delete cluster --name kind01 --kubeconfig ${join(dir, 'work', 'kind01', 'kubeconfig')}`,
      `delete cluster --name kind02 --kubeconfig ${join(dir, 'work', 'kind02', 'kubeconfig')}`,
    ]);
  });

  it('does nothing when the session has no network left', async () => {
    await setRules([{ tool: 'docker', match: '^network ls', stdout: '' }, ...HEALTHY]);
    expect(await labKindClusters(deps(), 's1')).toEqual([]);
    expect((await calls()).filter((c) => c.tool === 'kind')).toEqual([]);
  });
});

// CILIUM_FROM: clusters created at one Cilium, upgraded under traffic to CILIUM_VERSION.
describe('kind provider, a Cilium rolling upgrade', () => {
  // The chart's values of another release: the recorded 1.19.8 excerpt with that release's agent and
  // operator tags (the Envoy tag is left as recorded; it is not known here for other releases).
  const VALUES_1_19_8 = readFileSync(`${EXAMPLES}/helm-show-values-cilium-1.19.8.excerpt.yaml`, 'utf8');
  const valuesOf = (version: string): Rule => ({ tool: 'helm', match: `^show values .* --version ${version.replaceAll('.', '\\.')}$`, stdout: VALUES_1_19_8.replaceAll('v1.19.8', `v${version}`) });
  const upgradeDeps = (from: string, to: string): KindDeps => ({
    ...deps(),
    settings: () => ({ ...deps().settings(), ciliumVersion: parseCiliumVersion(to), upgradeFrom: parseCiliumVersion(from, 'CILIUM_FROM'), nodeImage: kindNodeImage(parseCiliumVersion(from), {}) }),
  });
  const kc = (cluster: string) => join(dir, 'work', cluster, 'kubeconfig');

  async function createdLab(provider: ReturnType<typeof createKindProvider>): Promise<LabState> {
    const clusters = await provider.createClusters(ctx());
    return { session: 's1', lab, clusters } as unknown as LabState;
  }

  it('creates the clusters at CILIUM_FROM, pulls both releases\' images on the host, and reports FROM as running', async () => {
    await setRules([valuesOf('1.20.2'), ...HEALTHY]);
    const provider = createKindProvider(upgradeDeps('1.19.8', '1.20.2'));
    const state = await createdLab(provider);
    const log = await calls();
    const installs = log.filter((c) => c.tool === 'helm' && c.argv[0] === 'upgrade');
    expect(installs).toHaveLength(2);
    expect(installs.every((c) => c.line.startsWith('upgrade --install cilium cilium') && c.line.includes('--version 1.19.8 '))).toBe(true);
    expect(log.find((c) => c.argv[0] === 'save' && c.line.includes(join('kind01', 'images.tar')))?.argv).toContain('quay.io/cilium/cilium:v1.19.8');
    // The upgrade's images are on the host before the lab starts: no pull under traffic.
    expect(log.filter((c) => c.line.startsWith('image inspect')).map((c) => c.argv.at(-1))).toContain('quay.io/cilium/cilium:v1.20.2');
    expect(log.some((c) => c.tool === 'kind' && c.line.includes('cilium-1.20.2-images.tar'))).toBe(false);
    expect(kube.calls.filter((c) => c.startsWith('bgp')).sort()).toEqual(['bgp kind01-control-plane,kind01-worker cilium.io/v2', 'bgp kind02-control-plane,kind02-worker cilium.io/v2']);
    expect(await provider.versions(state)).toMatchObject({ cilium: '1.19.8', ciliumFrom: '1.19.8' });
  });

  it('upgrades every live cluster in turn: the new images loaded, helm upgrade to CILIUM_VERSION, then the API waits', async () => {
    await setRules([valuesOf('1.20.2'), ...HEALTHY]);
    const provider = createKindProvider(upgradeDeps('1.19.8', '1.20.2'));
    const state = await createdLab(provider);
    const before = (await calls()).length;
    kube.calls.length = 0;

    const steps = await provider.upgradeSteps(state);
    expect(steps.map((s) => [s.label, s.from, s.to])).toEqual([['cilium 1.19.8 -> 1.20.2', '1.19.8', '1.20.2']]);
    const onNode = vi.fn();
    const lines: string[] = [];
    await steps[0]!.run(state, onNode, (l) => lines.push(l));

    const ran = (await calls()).slice(before).filter((c) => !c.line.startsWith('show values'));
    const archive = (cluster: string) => join(dir, 'work', cluster, 'cilium-1.20.2-images.tar');
    const images = ['quay.io/cilium/cilium:v1.20.2', 'quay.io/cilium/operator-generic:v1.20.2', 'quay.io/cilium/cilium-envoy:v1.37.6-1789133542-cbec91f666af0bf742da986d43832932dbb26b82'];
    const helmUpgrade = (cluster: string) => [
      'upgrade', 'cilium', 'cilium', '--repo', 'https://helm.cilium.io', '--version', '1.20.2', '--namespace', 'kube-system',
      '--kubeconfig', kc(cluster), '--values', join(dir, 'work', cluster, 'cilium-upgrade-values.yaml'), '--wait', '--timeout', '10m',
    ];
    // In order, one cluster after the other; `helm upgrade` without --install (the release exists) and
    // with the full values, never --reuse-values (Cilium's upgrade guide; cilium/cilium PR #18259).
    expect(ran.map((c) => [c.tool, ...c.argv])).toEqual([
      ['docker', 'save', '--platform', hostPlatform(), '--output', archive('kind01'), ...images],
      ['kind', 'load', 'image-archive', archive('kind01'), '--name', 'kind01'],
      ['helm', ...helmUpgrade('kind01')],
      ['docker', 'save', '--platform', hostPlatform(), '--output', archive('kind02'), ...images],
      ['kind', 'load', 'image-archive', archive('kind02'), '--name', 'kind02'],
      ['helm', ...helmUpgrade('kind02')],
    ]);
    expect(await readFile(join(dir, 'work', 'kind01', 'cilium-upgrade-values.yaml'), 'utf8')).toContain('upgradeCompatibility: "1.19"');
    expect(kube.calls).toEqual([
      'rollout DaemonSet kube-system/cilium', 'rollout Deployment kube-system/cilium-operator', `apply 7 (${kc('kind01')})`, 'bgp kind01-control-plane,kind01-worker cilium.io/v2',
      'rollout DaemonSet kube-system/cilium', 'rollout Deployment kube-system/cilium-operator', `apply 7 (${kc('kind02')})`, 'bgp kind02-control-plane,kind02-worker cilium.io/v2',
    ]);
    // Kubernetes rolls the agents; the caller watches each node's restart from the router.
    expect(onNode).not.toHaveBeenCalled();
    expect(lines).toContain('kind01: upgrade Cilium in kind01 from 1.19.8 to 1.20.2');

    expect(await provider.versions(state)).toMatchObject({ cilium: '1.20.2', ciliumFrom: '1.19.8' });
    // Another process (a later scenario file, the session's results) sees the same.
    expect(await createKindProvider(upgradeDeps('1.19.8', '1.20.2')).versions(state)).toMatchObject({ cilium: '1.20.2' });
    // A record of another session is not believed.
    expect(await provider.versions({ ...state, session: 's2' })).toMatchObject({ cilium: '1.19.8' });

    // Run again, nothing is left to upgrade.
    const after = (await calls()).length;
    lines.length = 0;
    await steps[0]!.run(state, onNode, (l) => lines.push(l));
    expect((await calls()).slice(after).filter((c) => !c.line.startsWith('show values'))).toEqual([]);
    expect(lines).toEqual(['kind01: runs Cilium 1.20.2 already', 'kind02: runs Cilium 1.20.2 already']);
  });

  it('leaves a deleted cluster alone', async () => {
    await setRules([valuesOf('1.20.2'), ...HEALTHY]);
    const provider = createKindProvider(upgradeDeps('1.19.8', '1.20.2'));
    const created = await createdLab(provider);
    const state = { ...created, clusters: created.clusters.map((c) => (c.name === 'kind01' ? { ...c, deleted: true } : c)) };
    const before = (await calls()).length;
    await (await provider.upgradeSteps(state))[0]!.run(state, () => {}, () => {});
    const upgraded = (await calls()).slice(before).filter((c) => c.tool === 'helm' && c.argv[0] === 'upgrade');
    expect(upgraded.map((c) => c.argv[c.argv.indexOf('--kubeconfig') + 1])).toEqual([kc('kind02')]);
    expect(await provider.versions(state)).toMatchObject({ cilium: '1.20.2' });
  });

  it('reads BGP at the apiVersion of the Cilium running: v2alpha1 on 1.17, v2 once upgraded to 1.18', async () => {
    await setRules([valuesOf('1.17.10'), valuesOf('1.18.14'), ...HEALTHY]);
    const provider = createKindProvider(upgradeDeps('1.17.10', '1.18.14'));
    const state = await createdLab(provider);
    await provider.nodeNeighbors(state, 'kind01', 'kind01-worker');
    await provider.withdrawAdvertisements(state, 'kind02');
    await (await provider.upgradeSteps(state))[0]!.run(state, () => {}, () => {});
    await provider.nodeNeighbors(state, 'kind01', 'kind01-worker');
    await provider.withdrawAdvertisements(state, 'kind02');
    expect(kube.neighborsAsked).toEqual(['kind01-worker cilium.io/v2alpha1', 'kind01-worker cilium.io/v2']);
    expect(kube.calls.filter((c) => c.startsWith('delete-adverts'))).toEqual([`delete-adverts cilium.io/v2alpha1 (${kc('kind02')})`, `delete-adverts cilium.io/v2 (${kc('kind02')})`]);
    expect(kube.calls.filter((c) => c.startsWith('bgp kind01'))).toEqual(['bgp kind01-control-plane,kind01-worker cilium.io/v2alpha1', 'bgp kind01-control-plane,kind01-worker cilium.io/v2']);
  });

  it('recreates a cluster at the Cilium the lab runs then: CILIUM_FROM before the upgrade, CILIUM_VERSION after', async () => {
    await setRules([valuesOf('1.20.2'), ...HEALTHY]);
    const provider = createKindProvider(upgradeDeps('1.19.8', '1.20.2'));
    const state = await createdLab(provider);
    const installsOfKind01 = async () => (await calls()).filter((c) => c.line.startsWith('upgrade --install') && c.argv.includes(kc('kind01'))).map((c) => c.argv[c.argv.indexOf('--version') + 1]);
    await provider.recreateCluster(state, 'kind01', () => {});
    expect(await installsOfKind01()).toEqual(['1.19.8', '1.19.8']);
    await (await provider.upgradeSteps(state))[0]!.run(state, () => {}, () => {});
    await provider.recreateCluster(state, 'kind01', () => {});
    expect(await installsOfKind01()).toEqual(['1.19.8', '1.19.8', '1.20.2']);
    expect(await provider.versions(state)).toMatchObject({ cilium: '1.20.2' });
  });

  // helm prefixes a failed upgrade's error with "UPGRADE FAILED" (helm cmd/helm/upgrade.go:
  // errors.Wrap(err, "UPGRADE FAILED")); with --wait, a rollout that does not finish in time ends in
  // "context deadline exceeded" (as helm-install-timeout.stderr.txt for the install).
  it('a failing helm upgrade ends with an error naming the cluster, the step, the command and its output', async () => {
    await setRules([
      valuesOf('1.20.2'),
      { tool: 'helm', match: '^upgrade cilium cilium .*kind01', exit: 1, stderr: 'Error: UPGRADE FAILED: context deadline exceeded\n' },
      ...HEALTHY,
    ]);
    const provider = createKindProvider(upgradeDeps('1.19.8', '1.20.2'));
    const state = await createdLab(provider);
    const error = (await (await provider.upgradeSteps(state))[0]!.run(state, () => {}, () => {}).catch((e: unknown) => e)) as Error;
    expect(error.message).toMatch(/^cluster kind01: upgrade Cilium in kind01 from 1\.19\.8 to 1\.20\.2 failed: host: `helm upgrade cilium cilium --repo https:\/\/helm\.cilium\.io --version 1\.20\.2 .*` expected exit code 0, got exit code 1:\nError: UPGRADE FAILED: context deadline exceeded$/s);
    // It stops there: kind02 is not touched, and nothing says kind01 runs 1.20.2.
    expect((await calls()).some((c) => c.line.startsWith('upgrade cilium') && c.argv.includes(kc('kind02')))).toBe(false);
    expect(await provider.versions(state)).toMatchObject({ cilium: '1.19.8', ciliumFrom: '1.19.8' });
  });

  it('resolves a minor CILIUM_FROM to its newest patch, as CILIUM_VERSION', async () => {
    // `helm show chart` of 1.19's newest patch: the recorded Chart.yaml fields with 1.19.8's versions.
    const chart119 = readFileSync(`${EXAMPLES}/helm-show-chart-cilium-1.20.excerpt.yaml`, 'utf8').replaceAll('1.20.2', '1.19.8');
    await setRules([{ tool: 'helm', match: '^show chart .*~1\\.19\\.0', stdout: chart119 }, valuesOf('1.20.2'), ...HEALTHY]);
    const provider = createKindProvider({ ...upgradeDeps('1.19.8', '1.20.2'), settings: () => ({ ...upgradeDeps('1.19.8', '1.20.2').settings(), upgradeFrom: parseCiliumVersion('1.19', 'CILIUM_FROM') }) });
    const state = await createdLab(provider);
    expect((await calls()).filter((c) => c.line.startsWith('show chart')).map((c) => c.line)).toEqual(['show chart cilium --repo https://helm.cilium.io --version ~1.19.0']);
    expect((await calls()).filter((c) => c.line.startsWith('upgrade --install')).every((c) => c.line.includes('--version 1.19.8 '))).toBe(true);
    expect((await provider.upgradeSteps(state)).map((s) => s.label)).toEqual(['cilium 1.19.8 -> 1.20.2']);
    expect(await provider.versions(state)).toMatchObject({ cilium: '1.19.8', ciliumFrom: '1.19.8' });
  });

  it('refuses, before creating anything, an upgrade that resolving a minor shows is none', async () => {
    await setRules([{ tool: 'helm', match: '^show chart .*~1\\.20\\.0', stdoutFile: `${EXAMPLES}/helm-show-chart-cilium-1.20.excerpt.yaml` }, ...HEALTHY]);
    const provider = createKindProvider({ ...deps(), settings: () => ({ ...deps().settings(), ciliumVersion: parseCiliumVersion('1.20'), upgradeFrom: parseCiliumVersion('1.20.2', 'CILIUM_FROM') }) });
    const error = (await provider.createClusters(ctx()).catch((e: unknown) => e)) as Error;
    expect(error.message).toBe('CILIUM_FROM=1.20.2 -> CILIUM_VERSION=1.20.2: CILIUM_FROM must be older than CILIUM_VERSION (the lab upgrades; it does not downgrade or reinstall)');
    expect((await calls()).some((c) => c.tool === 'kind')).toBe(false);
  });

  it('check and the printed plan fail on an upgrade Cilium does not test, naming both settings', async () => {
    const provider = createKindProvider({ ...deps(), settings: () => kindSettings({ CILIUM_FROM: '1.18.14', CILIUM_VERSION: '1.20.2', LAB_KIND_DIR: join(dir, 'work') }) });
    await expect(provider.check(lab)).rejects.toThrow('CILIUM_FROM=1.18.14 -> CILIUM_VERSION=1.20.2: Cilium is upgraded one minor release at a time');
    await expect(provider.describePlan(lab)).rejects.toThrow('CILIUM_FROM=1.18.14 -> CILIUM_VERSION=1.20.2');
    expect(await calls()).toEqual([]);
  });

  it('prints the upgrade after each cluster\'s create steps, with CILIUM_FROM resolved like CILIUM_VERSION', async () => {
    const chart119 = readFileSync(`${EXAMPLES}/helm-show-chart-cilium-1.20.excerpt.yaml`, 'utf8').replaceAll('1.20.2', '1.19.8');
    await setRules([{ tool: 'helm', match: '^show chart .*~1\\.19\\.0', stdout: chart119 }, ...HEALTHY]);
    const provider = createKindProvider({ ...upgradeDeps('1.19.8', '1.20.2'), settings: () => ({ ...upgradeDeps('1.19.8', '1.20.2').settings(), upgradeFrom: parseCiliumVersion('1.19', 'CILIUM_FROM') }) });
    const plan = await provider.describePlan(lab);
    expect(plan).toContain('# kind provider: Cilium 1.19.8 (CILIUM_FROM), upgraded to 1.20.2 (CILIUM_VERSION) under traffic, node image kindest/node:v1.35.5@sha256:');
    expect(plan).toContain('CILIUM_FROM=1.19 is 1.19.8 today, its newest patch: helm show chart cilium --repo https://helm.cilium.io --version ~1.19.0');
    expect(plan).toContain('helm show values cilium --repo https://helm.cilium.io --version 1.19.8 and helm show values cilium --repo https://helm.cilium.io --version 1.20.2 name');
    expect(plan).toContain('quay.io/cilium/cilium:v1.20.2');
    const kind02 = plan.slice(plan.indexOf('## cluster kind02'));
    expect(kind02.indexOf('install Cilium 1.19.8 in kind02')).toBeLessThan(kind02.indexOf('### kind02: upgrade to Cilium 1.20.2 (CILIUM_FROM 1.19.8), run under traffic by the rolling-upgrade scenario'));
    expect(kind02).toContain('$ helm upgrade cilium cilium --repo https://helm.cilium.io --version 1.20.2 ');
    expect((await calls()).filter((c) => c.tool === 'kind')).toEqual([]);
  });

  it('has no upgrade without CILIUM_FROM, and asks nothing to say so', async () => {
    const provider = createKindProvider(deps());
    expect(await provider.upgradeSteps({ session: 's1', lab, clusters: [] } as unknown as LabState)).toEqual([]);
    expect(await calls()).toEqual([]);
    expect(await provider.versions({ session: 's1', lab, clusters: [] } as unknown as LabState)).not.toHaveProperty('ciliumFrom');
  });
});

describe('kind upgradeConfigured', () => {
  it('is true only with CILIUM_FROM set: without it the rolling-upgrade scenario is left out of the run', () => {
    const before = process.env['CILIUM_FROM'];
    try {
      delete process.env['CILIUM_FROM'];
      expect(createKindProvider(defaultKindDeps()).upgradeConfigured()).toBe(false);
      process.env['CILIUM_FROM'] = '1.19';
      expect(createKindProvider(defaultKindDeps()).upgradeConfigured()).toBe(true);
      // A CILIUM_FROM that does not parse is still an upgrade asked for: the file runs and fails, saying why.
      process.env['CILIUM_FROM'] = 'one-nineteen';
      expect(createKindProvider(defaultKindDeps()).upgradeConfigured()).toBe(true);
    } finally {
      if (before === undefined) delete process.env['CILIUM_FROM'];
      else process.env['CILIUM_FROM'] = before;
    }
  });
});
