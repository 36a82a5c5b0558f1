import { kubernetesPlatformOptionsSchema, type KubernetesPlatformOptions } from '@twingraph/model';
import { invalidKubernetesOption } from './kubernetes-errors.js';
import type { KubernetesPullPolicy } from './kubernetes-executor-options.js';

/** A component's kubernetes platformOptions with the original TwinGraph's spellings folded in. */
export interface KubernetesComponentOptions extends Omit<KubernetesPlatformOptions, 'config' | 'node_selector' | 'pull_policy' | 'pullPolicy'> {
  pullPolicy?: KubernetesPullPolicy;
}

const PULL: Record<string, KubernetesPullPolicy> = { always: 'Always', ifnotpresent: 'IfNotPresent', never: 'Never' };

/** Validates with the model's schema (the same one the SDK and documents use) and folds the aliases. */
export function readKubernetesOptions(component: string, raw: Record<string, unknown>): KubernetesComponentOptions {
  const parsed = kubernetesPlatformOptionsSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const path = issue.path.map(String).join('.');
    const known = Object.keys(kubernetesPlatformOptionsSchema.shape).join(', ');
    throw invalidKubernetesOption(component, `platformOptions${path === '' ? '' : `.${path}`}`, issue.message, `Kubernetes platformOptions are: ${known}.`);
  }
  const { config, node_selector: nodeSelectorAlias, pull_policy: pullAlias, pullPolicy, ...rest } = parsed.data;
  const options: KubernetesComponentOptions = { ...rest };
  const namespace = either(component, 'namespace', rest.namespace, config?.namespace, 'config.namespace');
  if (namespace !== undefined) options.namespace = namespace;
  const selector = either(component, 'nodeSelector', rest.nodeSelector, nodeSelectorAlias, 'node_selector');
  if (selector !== undefined) options.nodeSelector = selector;
  const pull = either(component, 'pullPolicy', pullPolicy, pullAlias, 'pull_policy');
  if (pull !== undefined) options.pullPolicy = PULL[pull.toLowerCase()]!;
  return options;
}

function either<T>(component: string, name: string, value: T | undefined, alias: T | undefined, aliasName: string): T | undefined {
  if (value !== undefined && alias !== undefined && JSON.stringify(value) !== JSON.stringify(alias)) {
    throw invalidKubernetesOption(component, `platformOptions.${name}`, `and platformOptions.${aliasName} disagree`, `Set only one of them (${aliasName} is the original TwinGraph's spelling of ${name}).`);
  }
  return value ?? alias;
}
