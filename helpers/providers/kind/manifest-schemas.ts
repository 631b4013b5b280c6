// The manifests as a given Cilium gets them (versioned-manifests.ts) against
// that minor's own CRD schemas (fixtures/cilium-schemas/), before any cluster
// is created: the apiVersion it serves, the fields it knows. The API server
// judges again on apply (strict field validation); this says it first, for
// every object of every cluster at once.
import type { ResolvedLab } from '../../model/resolve.ts';
import { schemaProblems } from '../../cilium/schema/validate-objects.ts';
import { schemaMinorFor, schemaMinors, schemaSet } from '../../cilium/schema/schema-sets.ts';
import { manifestsForCilium } from './versioned-manifests.ts';
import type { CiliumVersion } from './versions.ts';

export function versionedSchemaProblems(lab: Pick<ResolvedLab, 'clusters'>, version: CiliumVersion): string[] {
  const set = schemaSet(schemaMinorFor(`${version.major}.${version.minor}`, schemaMinors()));
  const objects = lab.clusters.flatMap((c) => manifestsForCilium(c.manifests, version));
  // Files every cluster shares are checked once.
  const unique = [...new Map(objects.map((o) => [o.source, o])).values()];
  return schemaProblems(unique, set).map((p) => `Cilium ${set.minor} (CRD schemas at ${set.origin.ref}): ${p}`);
}
