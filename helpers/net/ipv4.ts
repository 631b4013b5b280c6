// IPv4 arithmetic for validating lab specs. Addresses are handled as unsigned
// 32-bit numbers so containment and overlap are plain integer comparisons.

export interface Cidr {
  readonly text: string;
  readonly network: number;
  readonly prefixLength: number;
}

const OCTET = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

export function parseAddress(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4 || !parts.every((p) => OCTET.test(p))) return undefined;
  return parts.reduce((acc, p) => acc * 256 + Number(p), 0);
}

export function formatAddress(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.');
}

export function isAddress(text: string): boolean {
  return parseAddress(text) !== undefined;
}

/** Parses "a.b.c.d/len"; undefined when malformed or when host bits are set. */
export function parseCidr(text: string): Cidr | undefined {
  const [addr, len, extra] = text.split('/');
  if (extra !== undefined || addr === undefined || len === undefined || !/^\d{1,2}$/.test(len)) return undefined;
  const prefixLength = Number(len);
  const network = parseAddress(addr);
  if (network === undefined || prefixLength > 32) return undefined;
  if (network % blockSize(prefixLength) !== 0) return undefined;
  return { text, network, prefixLength };
}

function blockSize(prefixLength: number): number {
  return 2 ** (32 - prefixLength);
}

export function lastAddress(cidr: Cidr): number {
  return cidr.network + blockSize(cidr.prefixLength) - 1;
}

export function cidrContains(cidr: Cidr, address: number): boolean {
  return address >= cidr.network && address <= lastAddress(cidr);
}

export function cidrsOverlap(a: Cidr, b: Cidr): boolean {
  return a.network <= lastAddress(b) && b.network <= lastAddress(a);
}

/** The n-th address of a subnet (0 is the network address itself). */
export function nthAddress(cidr: Cidr, n: number): string {
  return formatAddress(cidr.network + n);
}

/** Network and broadcast addresses cannot be given to a host. */
export function isHostAddress(cidr: Cidr, address: number): boolean {
  if (cidr.prefixLength >= 31) return cidrContains(cidr, address);
  return address > cidr.network && address < lastAddress(cidr);
}

/**
 * The fewest CIDR blocks that cover exactly the addresses from `first` to `last` (inclusive),
 * e.g. 172.30.0.10-172.30.0.20 -> 172.30.0.10/31, 172.30.0.12/30, 172.30.0.16/30, 172.30.0.20/32.
 */
export function rangeToCidrs(first: number, last: number): string[] {
  const out: string[] = [];
  let at = first;
  while (at <= last) {
    // The largest block aligned at `at` that stays within the range.
    let size = 1;
    while (size < 2 ** 32 && at % (size * 2) === 0 && at + size * 2 - 1 <= last) size *= 2;
    out.push(`${formatAddress(at)}/${32 - Math.log2(size)}`);
    at += size;
  }
  return out;
}
