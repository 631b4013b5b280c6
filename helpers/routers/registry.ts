// Router kinds, registered explicitly. The spec's `router.kind` picks one
// (default frr); an unknown name lists the known ones.
import type { RouterKind } from './types.ts';
import { frrRouterKind } from './frr/frr.ts';

export const ROUTER_KINDS: Readonly<Record<string, RouterKind>> = {
  frr: frrRouterKind,
};

export const DEFAULT_ROUTER_KIND = 'frr';

export function routerKindByName(name: string = DEFAULT_ROUTER_KIND): RouterKind {
  const kind = ROUTER_KINDS[name];
  if (!kind) throw new Error(`router.kind "${name}" is not a router kind; known: ${Object.keys(ROUTER_KINDS).join(', ')}`);
  return kind;
}
