// Which copy of a lab a run takes when labs run side by side (model/placement.ts),
// and keeping it while the lab starts. A copy is free when no docker session
// holds its name and no docker network overlaps its subnets. Two starts
// choosing at once (the suite's projects in one process, its files in others,
// another suite run) reserve the copy's address blocks first: a reservation is a
// file created exclusively in the host's temp folder, naming its owner process,
// held until the copy's networks exist (docker then holds the subnets itself).
// A reservation whose owner is gone is free again.
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LabSpec } from '../model/spec.ts';
import { placementOf, type Placement } from '../model/placement.ts';
import { cidrsOverlap, formatAddress, parseCidr } from '../net/ipv4.ts';
import { releaseOwnedFile, takeOwnedFile } from '../exec/owned-file.ts';
import { dockerSubnets } from '../docker/networks.ts';
import { labSessions } from '../docker/sessions.ts';

/** Copies tried before a run gives up (each needs its own /16 blocks of the placement range). */
export const MAX_COPIES = 32;
export const RESERVATIONS_DIR = join(tmpdir(), 'anycast-lab-blocks');

/** Pure: whether no session holds the copy's name and no subnet docker has overlaps its subnets. */
export function copyIsFree(placement: Placement, held: ReadonlySet<string>, taken: readonly string[]): boolean {
  const busy = taken.flatMap((t) => parseCidr(t) ?? []);
  return !held.has(placement.name) && !Object.values(placement.subnets).some((s) => busy.some((b) => cidrsOverlap(parseCidr(s)!, b)));
}

function noFreeCopy(spec: LabSpec, from: number): Error {
  return new Error(`lab "${spec.name}": copies ${from}-${MAX_COPIES - 1} are all running or their subnets are taken on this docker host (docker network ls); stop some runs (npm run cleanup removes every lab)`);
}

/** Pure: the reservation keys of a copy: the /16 block holding each of its subnets. */
export function blockKeys(placement: Placement): string[] {
  return [...new Set(Object.values(placement.subnets).map((s) => {
    const cidr = parseCidr(s)!;
    return `${formatAddress(cidr.network - (cidr.network % 2 ** 16))}-16`;
  }))].sort();
}

export interface ReservedCopy {
  readonly placement: Placement;
  /** Gives the blocks back: once the copy's networks exist, or when its start failed. */
  release(): void;
}

/** The first free copy from `from` on, its blocks reserved against other starts on this host. */
export async function reserveFreeCopy(spec: LabSpec, from = 0, dir = RESERVATIONS_DIR): Promise<ReservedCopy> {
  mkdirSync(dir, { recursive: true });
  for (let index = from; index < MAX_COPIES; index++) {
    const placement = placementOf(spec, index);
    const taken: string[] = [];
    // Once only: a second call must never remove a block another start has reserved since.
    const release = () => {
      for (const key of taken.splice(0)) releaseOwnedFile(join(dir, key));
    };
    if (!blockKeys(placement).every((key) => takeOwnedFile(join(dir, key)) && taken.push(key))) {
      release();
      continue;
    }
    // Reserved: what docker holds now is all that can stand in the way.
    const [sessions, subnets] = await Promise.all([labSessions(), dockerSubnets()]);
    if (copyIsFree(placement, new Set(sessions.map((s) => s.lab)), subnets)) return { placement, release };
    release();
  }
  throw noFreeCopy(spec, from);
}
