// A container on one or more lab networks with static addresses, explicit
// capabilities (never --privileged) and namespaced sysctls. Docker API 1.41
// takes one network at create time; the others are attached before start.
import { GenericContainer, Wait, type StartedTestContainer } from 'testcontainers';
import { runtime } from './runtime.ts';
import { budgetMs } from '../spec/budgets.ts';

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
}

/** Enough for FRR, GoBGP and `ip route/addr`; see FACTS on why not --privileged. */
export const LAB_CAPABILITIES = ['NET_ADMIN', 'NET_RAW', 'SYS_ADMIN'];

class LabContainer extends GenericContainer {
  readonly #extra: readonly Attachment[];

  constructor(options: LabContainerOptions) {
    super(options.image);
    const [first, ...rest] = options.attachments;
    if (!first) throw new Error(`container ${options.name}: at least one network attachment is required`);
    this.#extra = rest;
    this.withName(options.name)
      .withHostname(options.hostname)
      .withLabels(options.labels)
      .withAddedCapabilities(...LAB_CAPABILITIES)
      .withNetworkMode(first.network)
      .withCopyContentToContainer(Object.entries(options.files ?? {}).map(([target, content]) => ({ target, content })))
      .withWaitStrategy(Wait.forLogMessage(options.readyLine))
      .withStartupTimeout(budgetMs('containerReady'));
    this.hostConfig.Sysctls = { ...options.sysctls };
    this.createOpts.NetworkingConfig = { EndpointsConfig: { [first.network]: { IPAMConfig: { IPv4Address: first.address } } } };
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
