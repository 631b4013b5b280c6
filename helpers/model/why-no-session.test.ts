// The causes a missing session can have that the lab can see before anything
// runs, on the reference lab with one thing changed.
import { describe, expect, it } from 'vitest';
import reference from '../../fixtures/reference-lab.ts';
import { resolveLab, type ResolvedLab } from './resolve.ts';
import { whyNoSession } from './why-no-session.ts';

const lab = await resolveLab(reference);

/** The reference lab with kind01's resources changed. */
function withKind01(change: (r: ResolvedLab['clusters'][number]['resources']) => ResolvedLab['clusters'][number]['resources'], spec = lab.spec): ResolvedLab {
  return { ...lab, spec, clusters: lab.clusters.map((c) => (c.spec.name === 'kind01' ? { ...c, resources: change(c.resources) } : c)) };
}

describe('whyNoSession', () => {
  it('finds nothing in the reference lab: the lab creates the Secret with the router\'s password', () => {
    expect(whyNoSession(lab, 'kind01')).toEqual([]);
  });

  it('names a password that differs, without printing either', () => {
    const other = withKind01((r) => ({ ...r, secrets: r.secrets.map((s) => ({ ...s, data: { password: 'something-else' } })) }));
    const [cause, ...more] = whyNoSession(other, 'kind01');
    expect(cause).toBe("TCP MD5 passwords differ: the router uses the spec's bgpPassword, cluster kind01's nodes use a different password (Secret kube-system/bgp-auth-secret, key password) via CiliumBGPPeerConfig kind-bgp-peer (fixtures/cilium/common/bgp-peer-config.yaml#0); the router drops their connections without a word");
    expect(cause).not.toContain('something-else');
    expect(more).toEqual([]);
  });

  it('names the absent Secret (Cilium peers with an empty password) when the router has one', () => {
    const absent = withKind01((r) => ({ ...r, secrets: [] }));
    expect(whyNoSession(absent, 'kind01')[0]).toContain('no password (Secret kube-system/bgp-auth-secret is absent: Cilium then peers with an empty password)');
  });

  it('names a router without a password facing nodes with one', () => {
    const noRouterPassword = withKind01((r) => r, { ...lab.spec, bgpPassword: undefined });
    expect(whyNoSession(noRouterPassword, 'kind01')[0]).toMatch(/^TCP MD5 passwords differ: the router uses no password \(the spec has no bgpPassword\)/);
  });

  it("names a connect retry longer than the lab's wait", () => {
    const slow = withKind01((r) => ({ ...r, peerConfigs: r.peerConfigs.map((p) => ({ ...p, connectRetryTimeSeconds: 120 })) }));
    expect(whyNoSession(slow, 'kind01')).toEqual([
      'CiliumBGPPeerConfig kind-bgp-peer (fixtures/cilium/common/bgp-peer-config.yaml#0) spec.timers.connectRetryTimeSeconds is 120: a node whose first connection fails tries again only after 120-240 s, longer than the lab waits',
    ]);
  });
});
