// Every container and network the lab creates carries these labels, so a run
// (or a crashed one) can be found and removed by label alone.
import { randomBytes } from 'node:crypto';
import { currentOwner } from '../exec/owner.ts';

const LABEL_PREFIX = 'anycast-lab';
export const LABEL_SESSION = `${LABEL_PREFIX}.session`;
export const LABEL_LAB = `${LABEL_PREFIX}.lab`;
export const LABEL_ROLE = `${LABEL_PREFIX}.role`;
export const LABEL_CLUSTER = `${LABEL_PREFIX}.cluster`;
/** On a session's networks: the process that owns the session (host:pid), its directory and start. */
export const LABEL_OWNER = `${LABEL_PREFIX}.owner`;
export const LABEL_DIR = `${LABEL_PREFIX}.dir`;
export const LABEL_SINCE = `${LABEL_PREFIX}.since`;
/**
 * On a session's networks, when LAB_GUARDIAN is set: the process (host:pid) that runs this lab's
 * process for a purpose of its own, such as a test that kills runs on purpose and checks what the
 * next run does with their leftovers. While it lives, other labs leave the session's leftovers to it
 * and to runs of the same lab (lab/leftovers.ts).
 */
export const LABEL_GUARDIAN = `${LABEL_PREFIX}.guardian`;

/** This process as a session's owner, and its guardian when it has one. */
export function ownerLabels(env: Readonly<Record<string, string | undefined>> = process.env): Record<string, string> {
  const guardian = env['LAB_GUARDIAN'];
  return { [LABEL_OWNER]: currentOwner(), [LABEL_DIR]: process.cwd(), [LABEL_SINCE]: new Date().toISOString(), ...(guardian ? { [LABEL_GUARDIAN]: guardian } : {}) };
}

export type Role = 'router' | 'client' | 'node' | 'rogue' | 'network';

export function newSessionId(): string {
  return `${new Date().toISOString().slice(0, 10).replaceAll('-', '')}-${randomBytes(4).toString('hex')}`;
}

export function labLabels(session: string, lab: string, role: Role, cluster?: string, env: Readonly<Record<string, string | undefined>> = process.env): Record<string, string> {
  // The guardian on containers too: a session whose networks are gone (a removal cut short) keeps it.
  const guardian = env['LAB_GUARDIAN'];
  return { [LABEL_SESSION]: session, [LABEL_LAB]: lab, [LABEL_ROLE]: role, ...(cluster ? { [LABEL_CLUSTER]: cluster } : {}), ...(guardian ? { [LABEL_GUARDIAN]: guardian } : {}) };
}

/** A lab container's name: the lab's name, then the spec's name for it (router, client, node). */
export function containerName(lab: string, name: string): string {
  return `${lab}-${name}`;
}
