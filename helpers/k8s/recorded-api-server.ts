// Test support: a tiny Kubernetes API stand-in on 127.0.0.1 that answers from
// responses recorded in fixtures/recorded/k8s, and a kubeconfig pointing at it.
// Each route serves its responses in turn and repeats the last, so a poll sees
// "before" first and "after" from then on.
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach } from 'vitest';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const RECORDED_K8S_DIR = 'fixtures/recorded/k8s';

/** A recorded file (under fixtures/recorded/k8s) or an inline JSON body, with its HTTP status (200 unless said) and any extra response headers. */
export type RecordedResponse = { readonly status?: number; readonly headers?: Readonly<Record<string, string>> } & ({ readonly file: string } | { readonly json: unknown });

export interface SeenRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly contentType: string | undefined;
  readonly body: string;
}

export interface RecordedApi {
  readonly url: string;
  readonly kubeconfigPath: string;
  readonly requests: SeenRequest[];
  /** The requests to one route, e.g. "GET /api/v1/namespaces/default/services/nginxhello". */
  calls(route: string): SeenRequest[];
  close(): Promise<void>;
}

export function recorded(file: string): unknown {
  return JSON.parse(readFileSync(join(RECORDED_K8S_DIR, file), 'utf8'));
}

/** What the API server answers for a path it does not serve. */
const NOT_FOUND = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'the server could not find the requested resource', reason: 'NotFound', details: {}, code: 404 };

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function kubeconfig(url: string): string {
  return `apiVersion: v1
kind: Config
clusters:
  - name: kind-kind01
    cluster:
      server: ${url}
      insecure-skip-tls-verify: true
contexts:
  - name: kind-kind01
    context:
      cluster: kind-kind01
      user: kind-kind01
users:
  - name: kind-kind01
    user:
      token: recorded-token
`;
}

/** Starts the server; `routes` maps "METHOD /path" to the responses it gives in turn. */
export async function startRecordedApi(routes: Readonly<Record<string, readonly RecordedResponse[]>>): Promise<RecordedApi> {
  const bodies = new Map(
    Object.entries(routes).map(([route, responses]) => [
      route,
      responses.map((r) => ({ status: r.status ?? 200, headers: r.headers ?? {}, body: JSON.stringify('file' in r ? recorded(r.file) : r.json) })),
    ]),
  );
  const served = new Map<string, number>();
  const requests: SeenRequest[] = [];

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://recorded');
      const route = `${req.method} ${url.pathname}`;
      requests.push({ method: req.method ?? '', path: url.pathname, query: url.searchParams, contentType: req.headers['content-type'], body: await readBody(req) });
      const responses = bodies.get(route);
      const count = served.get(route) ?? 0;
      served.set(route, count + 1);
      const response = responses?.[Math.min(count, responses.length - 1)] ?? { status: 404, headers: {}, body: JSON.stringify(NOT_FOUND) };
      res.writeHead(response.status, { ...response.headers, 'content-type': 'application/json' });
      res.end(response.body);
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const dir = await mkdtemp(join(tmpdir(), 'k8s-recorded-'));
  const kubeconfigPath = join(dir, 'kubeconfig');
  await writeFile(kubeconfigPath, kubeconfig(url));

  return {
    url,
    kubeconfigPath,
    requests,
    calls: (route) => requests.filter((r) => `${r.method} ${r.path}` === route),
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** For a describe block: starts a stand-in per call, each closed after the test that started it. */
export function recordedApiPerTest(): (routes: Readonly<Record<string, readonly RecordedResponse[]>>) => Promise<RecordedApi> {
  let open: RecordedApi[] = [];
  afterEach(async () => {
    await Promise.all(open.map((api) => api.close()));
    open = [];
  });
  return async (routes) => {
    const api = await startRecordedApi(routes);
    open.push(api);
    return api;
  };
}
