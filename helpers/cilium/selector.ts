// Kubernetes label selectors (matchLabels and matchExpressions), as Cilium
// evaluates them for nodeSelector, serviceSelector and advertisement selectors.

export interface LabelSelectorRequirement {
  readonly key: string;
  readonly operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  readonly values?: readonly string[];
}

export interface LabelSelector {
  readonly matchLabels?: Readonly<Record<string, string>>;
  readonly matchExpressions?: readonly LabelSelectorRequirement[];
}

/**
 * An absent selector matches everything (Cilium: "no nodeSelector: every node").
 * An empty selector `{}` matches everything too, as in Kubernetes.
 */
export function selectorMatches(selector: LabelSelector | undefined, labels: Readonly<Record<string, string>> = {}): boolean {
  if (!selector) return true;
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    if (labels[key] !== value) return false;
  }
  for (const req of selector.matchExpressions ?? []) {
    const has = Object.hasOwn(labels, req.key);
    const value = labels[req.key];
    switch (req.operator) {
      case 'In':
        if (!has || !(req.values ?? []).includes(value as string)) return false;
        break;
      case 'NotIn':
        if (has && (req.values ?? []).includes(value as string)) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        throw new Error(`label selector: unknown operator "${String((req as { operator: unknown }).operator)}" for key "${req.key}"`);
    }
  }
  return true;
}
