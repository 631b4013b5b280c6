import { describe, expect, it } from 'vitest';
import { selectorMatches } from './selector.ts';

const node = { 'kubernetes.io/hostname': 'kind01-worker', rack: 'r1', 'node-role.kubernetes.io/control-plane': '' };

describe('selectorMatches (Kubernetes label selectors as Cilium evaluates them)', () => {
  it('an absent selector matches every object (no nodeSelector: every node)', () => {
    expect(selectorMatches(undefined, node)).toBe(true);
    expect(selectorMatches(undefined)).toBe(true);
  });

  it('an empty selector {} matches every object', () => {
    expect(selectorMatches({}, node)).toBe(true);
    expect(selectorMatches({ matchLabels: {}, matchExpressions: [] }, {})).toBe(true);
  });

  it('matchLabels needs every key with the exact value', () => {
    expect(selectorMatches({ matchLabels: { rack: 'r1' } }, node)).toBe(true);
    expect(selectorMatches({ matchLabels: { rack: 'r2' } }, node)).toBe(false);
    expect(selectorMatches({ matchLabels: { rack: 'r1', zone: 'a' } }, node)).toBe(false);
  });

  it('matchLabels with an empty value matches a label set to ""', () => {
    expect(selectorMatches({ matchLabels: { 'node-role.kubernetes.io/control-plane': '' } }, node)).toBe(true);
    expect(selectorMatches({ matchLabels: { 'node-role.kubernetes.io/control-plane': '' } }, { rack: 'r1' })).toBe(false);
  });

  it('In: the label is present with one of the values', () => {
    expect(selectorMatches({ matchExpressions: [{ key: 'rack', operator: 'In', values: ['r0', 'r1'] }] }, node)).toBe(true);
    expect(selectorMatches({ matchExpressions: [{ key: 'rack', operator: 'In', values: ['r2'] }] }, node)).toBe(false);
    expect(selectorMatches({ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] }, node)).toBe(false);
  });

  it('NotIn: the label is absent or has none of the values', () => {
    expect(selectorMatches({ matchExpressions: [{ key: 'rack', operator: 'NotIn', values: ['r2'] }] }, node)).toBe(true);
    expect(selectorMatches({ matchExpressions: [{ key: 'rack', operator: 'NotIn', values: ['r1'] }] }, node)).toBe(false);
    expect(selectorMatches({ matchExpressions: [{ key: 'zone', operator: 'NotIn', values: ['a'] }] }, node)).toBe(true);
  });

  it('Exists: the key is present, whatever its value (even "")', () => {
    expect(selectorMatches({ matchExpressions: [{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists' }] }, node)).toBe(true);
    expect(selectorMatches({ matchExpressions: [{ key: 'zone', operator: 'Exists' }] }, node)).toBe(false);
  });

  it('DoesNotExist: the key is absent', () => {
    expect(selectorMatches({ matchExpressions: [{ key: 'zone', operator: 'DoesNotExist' }] }, node)).toBe(true);
    expect(selectorMatches({ matchExpressions: [{ key: 'node-role.kubernetes.io/control-plane', operator: 'DoesNotExist' }] }, node)).toBe(false);
  });

  it('matchLabels and matchExpressions are ANDed', () => {
    const workersInR1 = {
      matchLabels: { rack: 'r1' },
      matchExpressions: [{ key: 'node-role.kubernetes.io/control-plane', operator: 'DoesNotExist' as const }],
    };
    expect(selectorMatches(workersInR1, node)).toBe(false);
    expect(selectorMatches(workersInR1, { rack: 'r1' })).toBe(true);
    expect(selectorMatches(workersInR1, { rack: 'r2' })).toBe(false);
  });

  it('several expressions must all hold', () => {
    const sel = {
      matchExpressions: [
        { key: 'rack', operator: 'In' as const, values: ['r1'] },
        { key: 'zone', operator: 'Exists' as const },
      ],
    };
    expect(selectorMatches(sel, { rack: 'r1', zone: 'a' })).toBe(true);
    expect(selectorMatches(sel, { rack: 'r1' })).toBe(false);
  });

  it('an unknown operator is an error, not a silent match', () => {
    const bad = { matchExpressions: [{ key: 'rack', operator: 'Gt' }] } as unknown as Parameters<typeof selectorMatches>[0];
    expect(() => selectorMatches(bad, node)).toThrow(/unknown operator "Gt"/);
  });
});
