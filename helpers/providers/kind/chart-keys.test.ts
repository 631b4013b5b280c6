// Every Helm value the kind provider sets exists in the chart of each Cilium
// minor it supports, with the companions some options need: the class of bug a
// first real run would find (a removed key Helm ignores silently, an option the
// agent refuses to start without its companion), found here from the charts'
// own key tables (fixtures/cilium-chart-keys, made by scripts/cilium-chart-keys.ts;
// each table says which published chart it was derived from).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import reference from '../../../fixtures/reference-lab.ts';
import { chartHasKey, chartKeys, chartValueProblems, type ChartKeyTable } from './chart-keys.ts';
import { ciliumValues } from './helm-values.ts';
import { KNOWN_CILIUM_MINORS } from './versions.ts';

const table = (minor: number): ChartKeyTable => JSON.parse(readFileSync(`fixtures/cilium-chart-keys/1.${minor}.json`, 'utf8')) as ChartKeyTable;

describe('the Helm values the kind provider sets', () => {
  it.each(KNOWN_CILIUM_MINORS.map((m) => [`1.${m}`, m]))('exist in the Cilium %s chart, companions included, for every cluster and for an upgrade', (_, minor) => {
    const t = table(minor);
    expect(t.chart, 'the table is of this minor').toMatch(new RegExp(`^cilium 1\\.${minor}\\.`));
    for (const cluster of reference.clusters) {
      expect(chartValueProblems(t, minor, ciliumValues(cluster)), `${cluster.name} on ${t.chart} (${t.origin})`).toEqual([]);
      expect(chartValueProblems(t, minor, ciliumValues(cluster, { upgradeCompatibility: `1.${minor - 1}` })), `${cluster.name} upgraded to ${t.chart}`).toEqual([]);
    }
  });

  it('do not turn on L2 pod announcements (BGP does not need them; from chart 1.19 the agent refuses them without an interface pattern)', () => {
    expect(ciliumValues(reference.clusters[0]!)).not.toHaveProperty('l2podAnnouncements');
  });
});

describe('chartValueProblems', () => {
  // Chart 1.19.6: l2podAnnouncements has enabled and interfacePattern, no interface; externalIPs is gone from 1.17.
  it('names a key the chart does not have and a companion missing, with the chart', () => {
    expect(chartValueProblems(table(19), 19, { externalIPs: { enabled: true }, l2podAnnouncements: { enabled: true } })).toEqual([
      'externalIPs.enabled: no such value in cilium 1.19.6 (Helm would ignore it)',
      'l2podAnnouncements.enabled: true needs l2podAnnouncements.interfacePattern set on cilium 1.19.6 (cilium/cilium pkg/datapath/gneigh/processor.go; chart 1.19.6 templates/cilium-configmap.yaml)',
    ]);
    expect(chartValueProblems(table(19), 19, { l2podAnnouncements: { enabled: true, interfacePattern: '^eth0$' } })).toEqual([]);
    // 1.16 still has externalIPs, and its l2podAnnouncements.interface defaults to eth0.
    expect(chartValueProblems(table(16), 16, { externalIPs: { enabled: true }, l2podAnnouncements: { enabled: true } })).toEqual([]);
  });

  it('takes a key only the templates read (documented but commented out in values.yaml) and one under a free-form map', () => {
    // `devices` is commented out in values.yaml up to 1.19 and read by templates/cilium-configmap.yaml.
    expect(table(19).keys['devices']).toBe('t');
    expect(chartHasKey(table(19), 'devices')).toBe(true);
    expect(table(19).keys['podAnnotations']).toContain('m');
    expect(chartHasKey(table(19), 'podAnnotations.example.com/owner')).toBe(true);
    expect(chartHasKey(table(19), 'bgpControlPlane.enabld')).toBe(false);
  });
});

describe('chartKeys', () => {
  it('collects the keys of values.yaml, the schema and the templates, marking empty maps', () => {
    const values = { bgpControlPlane: { enabled: false }, podAnnotations: {}, list: [{ a: 1 }] };
    const schema = { properties: { bgpControlPlane: { properties: { enabled: {}, secretsNamespace: {} } } } };
    const templates = ['{{- if .Values.bgpControlPlane.enabled }}', '{{ .Values.devices | quote }}'];
    expect(chartKeys(values, schema, templates)).toEqual({
      bgpControlPlane: 'vst',
      'bgpControlPlane.enabled': 'vst',
      'bgpControlPlane.secretsNamespace': 's',
      devices: 't',
      list: 'v',
      podAnnotations: 'vm',
    });
  });
});
