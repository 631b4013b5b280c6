import { describe, expect, it } from 'vitest';
import { newestRunningContainer } from './pods.ts';

// The shape of the API's Pod status (core/v1 ContainerStatus: name, image, state.running.startedAt).
const pod = (name: string, startedAt: string | undefined, deleting = false) => ({
  metadata: { name, ...(deleting ? { deletionTimestamp: new Date('2026-11-27T04:00:09Z') } : {}) },
  status: { containerStatuses: [
    { name: 'cilium-agent', image: 'quay.io/cilium/cilium:v1.20.2', state: startedAt ? { running: { startedAt: new Date(startedAt) } } : { waiting: {} } },
    { name: 'other', image: 'x', state: { running: { startedAt: new Date('2026-11-27T05:00:00Z') } } },
  ] },
});

describe('newestRunningContainer', () => {
  it("picks the newest running container of that name, leaving out a pod being deleted (a DaemonSet's old agent)", () => {
    expect(newestRunningContainer([pod('cilium-old', '2026-11-27T03:00:00Z', true), pod('cilium-new', '2026-11-27T04:00:10Z')], 'cilium-agent'))
      .toEqual({ pod: 'cilium-new', startedAt: '2026-11-27T04:00:10.000Z', image: 'quay.io/cilium/cilium:v1.20.2' });
  });

  it('is undefined while none runs', () => {
    expect(newestRunningContainer([pod('cilium-new', undefined), pod('cilium-old', '2026-11-27T03:00:00Z', true)], 'cilium-agent')).toBeUndefined();
  });
});
