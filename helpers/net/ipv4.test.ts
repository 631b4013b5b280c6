import { describe, expect, it } from 'vitest';
import { cidrContains, cidrsOverlap, formatAddress, isHostAddress, nthAddress, parseAddress, parseCidr, rangeToCidrs } from './ipv4.ts';

describe('ipv4', () => {
  it('parses and formats addresses', () => {
    expect(parseAddress('10.20.0.101')).toBe(10 * 2 ** 24 + 20 * 2 ** 16 + 101);
    expect(formatAddress(parseAddress('255.255.255.255')!)).toBe('255.255.255.255');
    for (const bad of ['10.20.0', '10.20.0.256', '01.2.3.4', '1.2.3.4.5', 'a.b.c.d', '']) expect(parseAddress(bad), bad).toBeUndefined();
  });

  it('parses CIDRs and refuses host bits and bad lengths', () => {
    expect(parseCidr('10.20.0.0/16')).toMatchObject({ prefixLength: 16 });
    for (const bad of ['10.20.0.1/16', '10.20.0.0/33', '10.20.0.0', '10.20.0.0/16/1', '10.20.0.0/x']) expect(parseCidr(bad), bad).toBeUndefined();
  });

  it('tells containment, overlap and host addresses', () => {
    const net = parseCidr('10.20.0.0/16')!;
    expect(cidrContains(net, parseAddress('10.20.255.255')!)).toBe(true);
    expect(cidrContains(net, parseAddress('10.21.0.0')!)).toBe(false);
    expect(cidrsOverlap(net, parseCidr('10.20.128.0/17')!)).toBe(true);
    expect(cidrsOverlap(net, parseCidr('10.21.0.0/16')!)).toBe(false);
    expect(isHostAddress(net, parseAddress('10.20.0.0')!)).toBe(false);
    expect(isHostAddress(net, parseAddress('10.20.255.255')!)).toBe(false);
    expect(isHostAddress(net, parseAddress('10.20.0.2')!)).toBe(true);
    expect(nthAddress(net, 2)).toBe('10.20.0.2');
  });
});

describe('rangeToCidrs', () => {
  const range = (a: string, b: string) => rangeToCidrs(parseAddress(a)!, parseAddress(b)!);
  it('covers a range exactly with the fewest blocks', () => {
    expect(range('172.30.0.10', '172.30.0.20')).toEqual(['172.30.0.10/31', '172.30.0.12/30', '172.30.0.16/30', '172.30.0.20/32']);
    expect(range('10.0.0.0', '10.0.0.255')).toEqual(['10.0.0.0/24']);
    expect(range('10.0.0.5', '10.0.0.5')).toEqual(['10.0.0.5/32']);
    expect(range('0.0.0.0', '255.255.255.255')).toEqual(['0.0.0.0/0']);
  });
});
