// Cluster providers, registered explicitly. LAB_PROVIDER (or the CLI's
// --provider) picks one; an unknown name lists the known ones.
import type { ClusterProvider } from './types.ts';
import { emulatedProvider } from './emulated/provider.ts';
import { kindProvider } from './kind/provider.ts';

export const PROVIDERS: Readonly<Record<string, ClusterProvider>> = {
  emulated: emulatedProvider,
  kind: kindProvider,
};

export const DEFAULT_PROVIDER = 'emulated';

export function providerByName(name: string = process.env['LAB_PROVIDER'] ?? DEFAULT_PROVIDER): ClusterProvider {
  const provider = PROVIDERS[name];
  if (!provider) throw new Error(`LAB_PROVIDER="${name}" is not a cluster provider; known: ${Object.keys(PROVIDERS).join(', ')}`);
  return provider;
}
