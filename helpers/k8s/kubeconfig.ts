// One kubeconfig file per kind cluster, kept by the provider. Loading one never
// reads or writes ~/.kube/config, and its current context is the file's first
// (kind writes exactly one), whatever `current-context` says.
import { KubeConfig } from '@kubernetes/client-node';

export function loadKubeConfig(path: string): KubeConfig {
  const kc = new KubeConfig();
  try {
    kc.loadFromFile(path);
  } catch (error) {
    throw new Error(`kubeconfig ${path}: cannot load it: ${(error as Error).message}`, { cause: error });
  }
  const [first] = kc.getContexts();
  if (!first) throw new Error(`kubeconfig ${path}: it defines no context`);
  kc.setCurrentContext(first.name);
  if (!kc.getCurrentCluster()) throw new Error(`kubeconfig ${path}: context "${first.name}" names cluster "${first.cluster}", which the file does not define`);
  return kc;
}
