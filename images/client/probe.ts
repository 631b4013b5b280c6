// The client's HTTP probe, run inside the client container by Node 24 (copied
// into the image) with undici. Open loop: request i starts at start + i/rate,
// whether or not earlier ones finished, so a dead next hop cannot slow the
// schedule down. Every request is a new TCP connection (pipelining 0 disables
// keep-alive), so a new source port and a new ECMP hash on the router. Each
// line carries its connection's source port, which pairs the request with the
// router's capture of the same connection (helpers/measure/witnesses.ts).
// Prints one JSON line per request as it completes:
//   {"i":0,"t":1795667249596.043,"port":41234,"outcome":"ok","ms":2.9,"status":200,"body":"..."}
// Usage: node probe.ts --url URL [--rate 50] [--count N] [--duration-ms MS]
//                      [--timeout-ms 300] [--stop-file PATH]
import { existsSync } from 'node:fs';
import type { Socket } from 'node:net';
import { parseArgs } from 'node:util';
import { Client, buildConnector } from 'undici';

const { values } = parseArgs({
  options: {
    url: { type: 'string' },
    rate: { type: 'string', default: '50' },
    count: { type: 'string', default: '0' },
    'duration-ms': { type: 'string', default: '0' },
    'timeout-ms': { type: 'string', default: '300' },
    'stop-file': { type: 'string', default: '' },
  },
});
const url = values.url;
const rate = Number(values.rate);
const count = Number(values.count);
const durationMs = Number(values['duration-ms']);
const timeoutMs = Number(values['timeout-ms']);
const stopFile = values['stop-file'];
if (!url || !(rate > 0) || !(timeoutMs > 0) || (count <= 0 && durationMs <= 0 && !stopFile)) {
  console.error('usage: probe.ts --url URL [--rate R] (--count N | --duration-ms MS | --stop-file F) [--timeout-ms T]');
  process.exit(2);
}

const target = new URL(url);
const connectTo = buildConnector({ timeout: timeoutMs });
const now = () => performance.timeOrigin + performance.now();

/** Outcome names shared with the lab's parser (helpers/measure/probe-output.ts). */
function classify(error: unknown): string {
  const code = (error as { code?: string }).code ?? (error as { cause?: { code?: string } }).cause?.code ?? '';
  if (code === 'UND_ERR_CONNECT_TIMEOUT') return 'connect-timeout';
  if (code === 'ECONNREFUSED') return 'refused';
  // The connection died after it was answered (mid-response: also a body shorter than announced).
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || code === 'EPIPE' || code === 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH') return 'reset';
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return 'unreachable';
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT' || code === 'UND_ERR_ABORTED' || code === 'ABORT_ERR') return 'timeout';
  // AbortSignal.timeout() rejects with a DOMException named TimeoutError (numeric code 23).
  const name = (error as Error).name;
  if (name === 'TimeoutError' || name === 'AbortError') return 'timeout';
  return `error:${code || (error as Error).name}`;
}

/**
 * A client of its own per request, so its one connection is known: its source port is noted as soon
 * as the kernel picked it (when connect() was issued, before any answer), so a request whose SYN was
 * never answered, or refused within a millisecond, has a port too. A request without one never
 * opened its connection.
 */
function clientNotingPort(record: Record<string, unknown>): { client: Client; notePort: () => void } {
  let socket: Socket | undefined;
  const notePort = () => {
    if (record['port'] === undefined && socket?.localPort) record['port'] = socket.localPort;
  };
  const client = new Client(target.origin, {
    pipelining: 0,
    connect: (options, callback) => {
      // undici's connector returns the socket it opened (lib/core/connect.js), though its type says void.
      socket = (connectTo as unknown as (o: typeof options, c: typeof callback) => Socket)(options, callback);
      // Node issues connect() on the tick after net.connect() (an address needs no lookup), and this
      // tick is queued after it: the port is there, and still there when a refusal follows at once.
      process.nextTick(notePort);
      socket.once('connect', notePort);
    },
  });
  return { client, notePort };
}

async function one(i: number, t: number): Promise<void> {
  const record: Record<string, unknown> = { i, t: Math.round(t * 1000) / 1000 };
  const { client, notePort } = clientNotingPort(record);
  try {
    const res = await client.request({
      method: 'GET',
      path: `${target.pathname}${target.search}`,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
      // A little more than the connect timeout, so a dead next hop shows as connect-timeout.
      signal: AbortSignal.timeout(timeoutMs + 100),
      headers: { connection: 'close' },
    });
    const body = await res.body.text();
    Object.assign(record, { outcome: res.statusCode < 400 ? 'ok' : 'http-error', status: res.statusCode, body: body.replace(/\s+/g, ' ').trim().slice(0, 300) });
  } catch (error) {
    Object.assign(record, { outcome: classify(error), error: String((error as Error).message).slice(0, 200) });
  }
  record['ms'] = Math.round((now() - t) * 1000) / 1000;
  notePort();
  client.destroy().catch(() => {});
  process.stdout.write(JSON.stringify(record) + '\n');
}

const start = now();
const interval = 1000 / rate;
const inFlight = new Set<Promise<void>>();
for (let i = 0; ; i++) {
  if (count > 0 && i >= count) break;
  const due = start + i * interval;
  if (durationMs > 0 && due - start >= durationMs) break;
  if (stopFile && i % 5 === 0 && existsSync(stopFile)) break;
  const wait = due - now();
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  const p = one(i, now()).finally(() => inFlight.delete(p));
  inFlight.add(p);
}
await Promise.all(inFlight);
