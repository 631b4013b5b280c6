// The lab .lab/state.json names, checked against docker before a command acts on
// it: a file an ended run left behind, or container names another run now owns,
// give a plain message instead of a raw docker 404 or a shell in the wrong lab.
import type { LabState } from '../model/state.ts';
import { LABEL_SESSION } from '../docker/labels.ts';
import { runtime } from '../docker/runtime.ts';
import { LabStateStore } from './state-store.ts';

export async function liveState(store: LabStateStore = new LabStateStore()): Promise<LabState> {
  const state = store.read();
  const client = await runtime();
  let labels: Record<string, string> | undefined;
  let running = false;
  try {
    const info = await client.container.dockerode.getContainer(state.router.name).inspect();
    labels = info.Config.Labels ?? {};
    running = info.State.Running;
  } catch {
    throw new Error(`no running lab: ${store.path} names session ${state.session}, but its router container ${state.router.name} is gone (that run ended without removing the file); start a lab with \`npm run lab -- up\``);
  }
  if (labels[LABEL_SESSION] !== state.session) {
    throw new Error(`${store.path} names session ${state.session}, but container ${state.router.name} belongs to session ${labels[LABEL_SESSION] ?? '(none)'}: another run owns the lab's containers now`);
  }
  if (!running) throw new Error(`lab session ${state.session}: its router container ${state.router.name} is not running`);
  return state;
}
