import { describe, expect, it } from 'vitest';
import type { ReceivedRoute } from '../bgp/model.ts';
import { compareReceivedRoutes, formatRouteDifference } from './advertised-routes.ts';

const VIP = '172.30.0.10/32';
const route = (neighbor: string, prefix = VIP, more: Partial<ReceivedRoute> = {}): ReceivedRoute =>
  ({ prefix, neighbor, asPath: [65101], origin: 'igp', nextHop: neighbor, ...more });

describe('compareReceivedRoutes', () => {
  it('finds nothing when the router got exactly what each node should announce', () => {
    expect(compareReceivedRoutes([route('10.20.0.2'), route('10.20.0.3')], [route('10.20.0.3'), route('10.20.0.2')])).toEqual([]);
  });

  it('names the neighbour, the prefix and the field of every difference', () => {
    const expected = [route('10.20.0.2'), route('10.20.0.3'), route('10.20.0.3', '10.96.0.7/32')];
    const actual = [
      route('10.20.0.2', VIP, { asPath: [65101, 65101], origin: 'incomplete' }),
      route('10.20.0.3', VIP, { nextHop: '10.20.0.9' }),
      route('10.20.0.3', '10.244.1.0/24'),
    ];
    expect(compareReceivedRoutes(expected, actual).map(formatRouteDifference)).toEqual([
      '10.20.0.2 172.30.0.10/32: asPath expected 65101, got 65101 65101',
      '10.20.0.2 172.30.0.10/32: origin expected igp, got incomplete',
      '10.20.0.3 10.96.0.7/32: route expected announced, got not received',
      '10.20.0.3 172.30.0.10/32: nextHop expected 10.20.0.3, got 10.20.0.9',
      '10.20.0.3 10.244.1.0/24: route expected not announced, got received',
    ]);
  });
});
