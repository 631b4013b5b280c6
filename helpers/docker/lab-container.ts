// A container on one or more lab networks with static addresses, explicit
// capabilities (never --privileged) and namespaced sysctls. Docker API 1.41
// takes one network at create time; the others are attached before start.
import { GenericContainer, Wait, type StartedTestContainer } from 'testcontainers';
import { runtime } from './runtime.ts';
import { budgetMs } from '../model/budgets.ts';
import { LABEL_ROLE, LABEL_SESSION } from './labels.ts';

export interface Attachment {
  readonly network: string;
  readonly address: string;
}

export interface LabContainerOptions {
  readonly image: string;
  readonly name: string;
  readonly hostname: string;
  readonly labels: Record<string, string>;
  readonly attachments: readonly Attachment[];
  readonly sysctls?: Record<string, string>;
  readonly files?: Readonly<Record<string, string>>;
  /** A line the entrypoint prints when it has finished setting up. */
  readonly readyLine: RegExp;
  /** Capabilities added to Docker's defaults: only what the container's own processes need (never --privileged). */
  readonly capabilities: readonly Capability[];
  /** Called once the container runs, before its ready line. */
  readonly onStarted?: () => void;
}

export type Capability = 'NET_ADMIN' | 'NET_RAW' | 'SYS_ADMIN';

/**
 * What each lab container needs beyond Docker's defaults:
 * - router: FRR's zebra installs routes and next-hop groups (NET_ADMIN); its daemons ask for NET_RAW
 *   and SYS_ADMIN at start (FRR lib/privs), and tcpdump captures (NET_RAW);
 * - client, emulated nodes and the rogue speaker (a node image): their entrypoints replace routes
 *   and add the VIP to lo (NET_ADMIN); TCP, HTTP, GoBGP and its TCP MD5 sockets need nothing more.
 */
export const CAPABILITIES = {
  router: ['NET_ADMIN', 'NET_RAW', 'SYS_ADMIN'],
  client: ['NET_ADMIN'],
  node: ['NET_ADMIN'],
  rogue: ['NET_ADMIN'],
} as const satisfies Record<string, readonly Capability[]>;

class LabContainer extends GenericContainer {
  readonly #extra: readonly Attachment[];
  readonly #onStarted: (() => void) | undefined;

  constructor(options: LabContainerOptions) {
    super(options.image);
    const [first, ...rest] = options.attachments;
    if (!first) throw new Error(`container ${options.name}: at least one network attachment is required`);
    this.#extra = rest;
    this.#onStarted = options.onStarted;
    this.withName(options.name)
      .withHostname(options.hostname)
      .withLabels(options.labels)
      .withAddedCapabilities(...options.capabilities)
      .withNetworkMode(first.network)
      .withCopyContentToContainer(Object.entries(options.files ?? {}).map(([target, content]) => ({ target, content })))
      .withWaitStrategy(Wait.forLogMessage(options.readyLine))
      .withStartupTimeout(budgetMs('containerReady'));
    this.hostConfig.Sysctls = { ...options.sysctls };
    this.createOpts.NetworkingConfig = { EndpointsConfig: { [first.network]: { IPAMConfig: { IPv4Address: first.address } } } };
  }

  protected override async containerStarting(): Promise<void> {
    this.#onStarted?.();
  }

  protected override async containerCreated(containerId: string): Promise<void> {
    const client = await runtime();
    for (const { network, address } of this.#extra) {
      await client.network.getById(network).connect({ Container: containerId, EndpointConfig: { IPAMConfig: { IPv4Address: address } } });
    }
  }
}

export function startLabContainer(options: LabContainerOptions): Promise<StartedTestContainer> {
  return new LabContainer(options).start();
}

export interface ContainerCapabilities {
  readonly name: string;
  readonly role: string;
  /** What Docker added to its default set (HostConfig.CapAdd), sorted. */
  readonly added: readonly string[];
  /** What its role should have (CAPABILITIES), sorted; undefined for a role without an entry. */
  readonly expected?: readonly string[];
}

/** The capabilities of every container of one lab session, read back from Docker. */
export async function sessionCapabilities(session: string): Promise<ContainerCapabilities[]> {
  const docker = (await runtime()).container.dockerode;
  const containers = await docker.listContainers({ all: true, filters: { label: [`${LABEL_SESSION}=${session}`] } });
  return Promise.all(containers.map(async (c) => {
    const info = await docker.getContainer(c.Id).inspect();
    const role = c.Labels[LABEL_ROLE] ?? '';
    // Docker may report them as "NET_ADMIN" or "CAP_NET_ADMIN".
    const added = (info.HostConfig.CapAdd ?? []).map((x: string) => x.replace(/^CAP_/, '')).sort();
    const expected = (CAPABILITIES as Record<string, readonly string[]>)[role];
    return { name: (c.Names[0] ?? c.Id).replace(/^\//, ''), role, added, ...(expected ? { expected: [...expected].sort() } : {}) };
  }));
}
