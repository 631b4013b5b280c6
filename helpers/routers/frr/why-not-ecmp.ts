// Why FRR did not make a prefix's paths one ECMP group, read from its running
// configuration: the settings of the lab's FRR template that decide it. Pure.
import type { BgpRoute } from '../../bgp/model.ts';

const TEMPLATE = 'frr-configs/frr.conf.tmpl (or LAB_FRR_TEMPLATES)';

/** Causes, most likely first, that `route` has fewer multipath paths than the `expected` count. */
export function whyNotEcmp(runningConfig: string, route: BgpRoute, expected: number): string[] {
  const causes: string[] = [];
  const asns = [...new Set(route.paths.map((p) => p.asPath.join(' ')))];
  // FRR's best-path rule: paths are equal-cost only with identical AS paths unless multipath-relax.
  if (asns.length > 1 && !/^\s*bgp bestpath as-path multipath-relax\s*$/m.test(runningConfig)) {
    const best = route.paths.find((p) => p.best)?.asPath.join(' ') ?? '?';
    causes.push(`the router's config has no \`bgp bestpath as-path multipath-relax\` (under router bgp; ${TEMPLATE}): FRR makes paths with different AS paths (${asns.join(' / ')}) multipath only with it, so only AS ${best}'s paths share the route`);
  }
  const max = /^\s*maximum-paths (\d+)\s*$/m.exec(runningConfig)?.[1];
  if (max !== undefined && Number(max) < expected) {
    causes.push(`the router's \`maximum-paths ${max}\` (address-family ipv4 unicast; spec router.maximumPaths) caps the route at ${max} next hops, the lab expects ${expected}`);
  }
  // No `maximum-paths` line says nothing: FRR leaves it out of its running config when it equals the
  // build's default (bgpd bgp_config_write_maxpaths writes it only when it differs from multipath_num).
  return causes;
}
