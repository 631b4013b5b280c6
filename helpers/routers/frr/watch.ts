// Route watching and packet capture inside the FRR router's container, both
// with the router kernel's clock: images/router/lab-watch-route follows the
// kernel's notifications of the next hops, tcpdump records the client's connections.
import { randomUUID } from 'node:crypto';
import type { PacketCapture, RouteWatch } from '../types.ts';
import type { ContainerRef } from '../../model/state.ts';
import { execIn, execOk } from '../../docker/exec.ts';
import { CommandError } from '../../exec/errors.ts';
import { parseRouteWatchOutput } from './route-watch-output.ts';

export function watchKernelRoute(router: ContainerRef, prefix: string, options: { seconds: number; until?: string }): RouteWatch {
  const argv = ['lab-watch-route', prefix, String(options.seconds), options.until ?? ''];
  // Ended by stop() (pkill: exit 143), the watcher's lines so far are still its answer.
  const output = execIn(router.name, argv).then((r) => {
    if (r.exitCode !== 0 && r.exitCode !== 143) throw new CommandError(`container ${router.name}`, argv, r.exitCode, r.stdout, r.stderr);
    return r.stdout;
  });
  // Handled from the start: an early failure is reported when `changes` is awaited, not as an unhandled rejection.
  output.catch(() => {});
  return {
    changes: output.then(parseRouteWatchOutput),
    stop: async () => {
      await execOk(router.name, ['pkill', '-f', 'lab-watch-route']).catch(() => {});
      await output.catch(() => {});
    },
  };
}

export async function capturePackets(router: ContainerRef, address: string, filter: string, seconds: number): Promise<PacketCapture> {
  const links = JSON.parse(await execOk(router.name, ['ip', '-j', '-4', 'addr', 'show'])) as { ifname: string; addr_info: { local: string }[] }[];
  const dev = links.find((l) => l.addr_info.some((i) => i.local === address))?.ifname;
  if (!dev) throw new Error(`router ${router.name}: no interface holds ${address}`);
  // To a file with a large buffer: a pipe through docker exec would drop packets under load. In immediate
  // mode: otherwise the kernel hands packets over a block at a time (up to a second's worth), and the
  // block still open when the capture is stopped is lost (seen: the last 16-32 connections of a run).
  // A file of its own: scenarios sharing a lab capture at the same time, and each stops only its own.
  const pcap = `/tmp/lab-capture-${randomUUID()}.pcap`;
  const done = execIn(router.name, ['timeout', String(seconds), 'tcpdump', '-i', dev, '-nn', '--immediate-mode', '-B', '16384', '-U', '-w', pcap, filter]);
  const text = done.then(() => execOk(router.name, ['sh', '-c', 'tcpdump -r "$1" -nn -tt && rm -f "$1"', 'read-capture', pcap]));
  text.catch(() => {});
  await waitForCaptureFile(router, pcap, done);
  return {
    text,
    stop: async () => {
      await execOk(router.name, ['pkill', '-INT', '-f', pcap]).catch(() => {});
    },
  };
}

/**
 * Polls until tcpdump wrote its file's header, which it does once its capture is open and filtered
 * (before the first request, or the capture misses the first connections: seen under load, where
 * tcpdump took longer than a fixed pause after its process appeared).
 */
async function waitForCaptureFile(router: ContainerRef, pcap: string, done: Promise<{ exitCode: number; stderr: string }>): Promise<void> {
  let ended: { exitCode: number; stderr: string } | undefined;
  void done.then((r) => { ended = r; }, () => {});
  for (let i = 0; i < 100; i++) {
    const size = Number((await execIn(router.name, ['stat', '-c', '%s', pcap])).stdout.trim());
    if (size >= 24) return; // the pcap file header
    if (ended) throw new Error(`container ${router.name}: tcpdump ended before capturing (exit ${ended.exitCode}): ${ended.stderr.trim().slice(-300)}`);
    await sleep(50);
  }
  throw new Error(`container ${router.name}: tcpdump did not open its capture within 5 s (${pcap} has no header)`);
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
