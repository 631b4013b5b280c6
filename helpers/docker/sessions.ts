// The lab sessions docker holds, read from their networks' labels: which lab,
// which process owns it (host:pid), from which directory, since when.
import { LABEL_DIR, LABEL_GUARDIAN, LABEL_LAB, LABEL_OWNER, LABEL_SESSION, LABEL_SINCE } from './labels.ts';
import { runtime } from './runtime.ts';

export interface LabSessionInfo {
  readonly session: string;
  readonly lab: string;
  /** "host:pid", or undefined for a session made before owners were labelled. */
  readonly owner?: string;
  readonly dir?: string;
  readonly since?: string;
  /** "host:pid" of the process that answers for its leftovers besides its owner (LAB_GUARDIAN). */
  readonly guardian?: string;
  readonly networks: readonly string[];
}

export async function labSessions(): Promise<LabSessionInfo[]> {
  const client = await runtime();
  const networks = await client.container.dockerode.listNetworks({ filters: { label: [LABEL_SESSION] } });
  const bySession = new Map<string, LabSessionInfo>();
  for (const n of networks) {
    const labels = n.Labels ?? {};
    const session = labels[LABEL_SESSION]!;
    const known = bySession.get(session);
    bySession.set(session, {
      session,
      lab: labels[LABEL_LAB] ?? '',
      ...(labels[LABEL_OWNER] ? { owner: labels[LABEL_OWNER] } : {}),
      ...(labels[LABEL_DIR] ? { dir: labels[LABEL_DIR] } : {}),
      ...(labels[LABEL_SINCE] ? { since: labels[LABEL_SINCE] } : {}),
      ...(labels[LABEL_GUARDIAN] ? { guardian: labels[LABEL_GUARDIAN] } : {}),
      networks: [...(known?.networks ?? []), n.Name],
    });
  }
  // Containers whose session has no network left (a removal cut short): a session still, with no owner to ask.
  const containers = await client.container.dockerode.listContainers({ all: true, filters: { label: [LABEL_SESSION] } });
  for (const c of containers) {
    const session = c.Labels[LABEL_SESSION]!;
    const guardian = c.Labels[LABEL_GUARDIAN];
    if (!bySession.has(session)) bySession.set(session, { session, lab: c.Labels[LABEL_LAB] ?? '', ...(guardian ? { guardian } : {}), networks: [] });
  }
  return [...bySession.values()];
}
