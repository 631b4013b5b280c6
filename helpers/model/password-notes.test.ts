import { describe, expect, it } from 'vitest';
import reference from '../../fixtures/reference-lab.ts';
import { resolveLab } from './resolve.ts';
import { passwordNotes } from './password-notes.ts';

describe('passwordNotes', () => {
  it('says nothing when the spec has a password (the lab creates the Secret the peer config names)', async () => {
    expect(passwordNotes(await resolveLab(reference))).toEqual([]);
  });

  it.each([['missing', undefined], ['empty', '']])('says plainly that a %s password means sessions without TCP MD5, and which Secret Cilium will not find', async (_, bgpPassword) => {
    const spec = { ...reference, bgpPassword };
    if (bgpPassword === undefined) delete (spec as { bgpPassword?: string }).bgpPassword;
    const notes = passwordNotes(await resolveLab(spec));
    expect(notes[0]).toBe(`${bgpPassword === '' ? 'bgpPassword is empty' : 'the spec has no bgpPassword'}: the BGP sessions have no TCP MD5 authentication`);
    expect(notes[1]).toContain('cluster kind01: CiliumBGPPeerConfig kind-bgp-peer');
    expect(notes[1]).toContain('names Secret kube-system/');
    expect(notes[1]).toContain('Cilium peers with an empty password, and so does the router');
    expect(notes).toHaveLength(3);
  });
});
