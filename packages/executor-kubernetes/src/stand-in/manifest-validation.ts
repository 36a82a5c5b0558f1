import { DNS_LABEL, DNS_SUBDOMAIN, LABEL_KEY, LABEL_VALUE } from '../kubernetes-names.js';
import { QUANTITY } from '../kubernetes-quantity.js';
import type { StatusCause } from './k8s-status.js';
import { quantityValue } from './quantity-value.js';

type Json = Record<string, unknown>;

const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;
const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'];

/**
 * Checks a batch/v1 Job the way the API server's validation does for the fields TwinGraph sends (names,
 * labels, containers, env, resources, scheduling, Job spec), plus the stand-in's TwinGraph rule that
 * backoffLimit is 0. Returns the problems as Status causes; empty when the Job is valid.
 */
export function validateJob(job: Json, options: { requireBackoffLimitZero: boolean }): StatusCause[] {
  const causes: StatusCause[] = [];
  const required = (field: string): void => void causes.push({ reason: 'FieldValueRequired', message: 'Required value', field });
  const bad = (field: string, value: unknown, problem: string): void =>
    void causes.push({ reason: 'FieldValueInvalid', message: `Invalid value: ${JSON.stringify(value)}: ${problem}`, field });
  const unsupported = (field: string, value: unknown, allowed: string[]): void =>
    void causes.push({ reason: 'FieldValueNotSupported', message: `Unsupported value: ${JSON.stringify(value)}: supported values: ${allowed.map((a) => `"${a}"`).join(', ')}`, field });

  if (job['apiVersion'] !== undefined && job['apiVersion'] !== 'batch/v1') bad('apiVersion', job['apiVersion'], 'must be batch/v1');
  if (job['kind'] !== undefined && job['kind'] !== 'Job') bad('kind', job['kind'], 'must be Job');
  const metadata = object(job['metadata']);
  const name = metadata['name'];
  if (typeof name !== 'string' || name === '') required('metadata.name');
  else if (name.length > 63 || !DNS_LABEL.test(name)) bad('metadata.name', name, "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (at most 63 characters, the Job name becomes a label value)");
  checkLabels('metadata.labels', metadata['labels'], bad);
  checkAnnotations('metadata.annotations', metadata['annotations'], bad);

  const spec = object(job['spec']);
  if (job['spec'] === undefined) required('spec');
  nonNegativeInt('spec.backoffLimit', spec['backoffLimit'], bad);
  if (options.requireBackoffLimitZero && spec['backoffLimit'] !== 0) {
    causes.push({ reason: 'FieldValueNotSupported', message: `Unsupported value: ${JSON.stringify(spec['backoffLimit'] ?? 6)}: the TwinGraph stand-in accepts only 0 (TwinGraph owns retries; Kubernetes' default is 6)`, field: 'spec.backoffLimit' });
  }
  if (spec['activeDeadlineSeconds'] !== undefined && !(Number.isInteger(spec['activeDeadlineSeconds']) && (spec['activeDeadlineSeconds'] as number) > 0)) {
    bad('spec.activeDeadlineSeconds', spec['activeDeadlineSeconds'], 'must be greater than 0');
  }
  nonNegativeInt('spec.ttlSecondsAfterFinished', spec['ttlSecondsAfterFinished'], bad);
  for (const field of ['parallelism', 'completions'] as const) nonNegativeInt(`spec.${field}`, spec[field], bad);

  const template = object(spec['template']);
  checkLabels('spec.template.metadata.labels', object(template['metadata'])['labels'], bad);
  checkAnnotations('spec.template.metadata.annotations', object(template['metadata'])['annotations'], bad);
  const pod = object(template['spec']);
  const restart = pod['restartPolicy'];
  if (restart === undefined) causes.push({ reason: 'FieldValueRequired', message: 'Required value: valid values: "OnFailure", "Never"', field: 'spec.template.spec.restartPolicy' });
  else if (restart !== 'Never' && restart !== 'OnFailure') unsupported('spec.template.spec.restartPolicy', restart, ['OnFailure', 'Never']);
  if (pod['serviceAccountName'] !== undefined && !(typeof pod['serviceAccountName'] === 'string' && DNS_SUBDOMAIN.test(pod['serviceAccountName']))) {
    bad('spec.template.spec.serviceAccountName', pod['serviceAccountName'], 'a lowercase RFC 1123 subdomain');
  }
  checkLabels('spec.template.spec.nodeSelector', pod['nodeSelector'], bad);
  array(pod['imagePullSecrets']).forEach((secret, i) => {
    const ref = object(secret)['name'];
    if (typeof ref !== 'string' || !DNS_SUBDOMAIN.test(ref)) bad(`spec.template.spec.imagePullSecrets[${i}].name`, ref, 'a lowercase RFC 1123 subdomain');
  });
  array(pod['tolerations']).forEach((raw, i) => {
    const t = object(raw);
    const field = `spec.template.spec.tolerations[${i}]`;
    if (t['operator'] !== undefined && t['operator'] !== 'Exists' && t['operator'] !== 'Equal') unsupported(`${field}.operator`, t['operator'], ['Equal', 'Exists']);
    if (t['operator'] === 'Exists' && t['value'] !== undefined && t['value'] !== '') bad(`${field}.operator`, t['operator'], 'value must be empty when `operator` is \'Exists\'');
    if (t['effect'] !== undefined && !['NoSchedule', 'PreferNoSchedule', 'NoExecute'].includes(t['effect'] as string)) unsupported(`${field}.effect`, t['effect'], ['NoSchedule', 'PreferNoSchedule', 'NoExecute']);
    if (t['tolerationSeconds'] !== undefined && t['effect'] !== 'NoExecute') bad(`${field}.effect`, t['effect'], "effect must be 'NoExecute' when `tolerationSeconds` is set");
  });

  const containers = array(pod['containers']);
  if (containers.length === 0) required('spec.template.spec.containers');
  const names = new Set<string>();
  containers.forEach((raw, i) => {
    const c = object(raw);
    const field = `spec.template.spec.containers[${i}]`;
    const cname = c['name'];
    if (typeof cname !== 'string' || cname === '') required(`${field}.name`);
    else if (!DNS_LABEL.test(cname) || cname.length > 63) bad(`${field}.name`, cname, 'a lowercase RFC 1123 label');
    else if (names.has(cname)) causes.push({ reason: 'FieldValueDuplicate', message: `Duplicate value: ${JSON.stringify(cname)}`, field: `${field}.name` });
    else names.add(cname);
    if (typeof c['image'] !== 'string' || c['image'].trim() === '') required(`${field}.image`);
    if (c['imagePullPolicy'] !== undefined && !PULL_POLICIES.includes(c['imagePullPolicy'] as string)) unsupported(`${field}.imagePullPolicy`, c['imagePullPolicy'], PULL_POLICIES);
    for (const list of ['command', 'args'] as const) {
      if (c[list] !== undefined && !(Array.isArray(c[list]) && c[list].every((a) => typeof a === 'string'))) bad(`${field}.${list}`, c[list], 'must be a list of strings');
    }
    array(c['env']).forEach((rawEnv, j) => {
      const env = object(rawEnv);
      const envField = `${field}.env[${j}]`;
      if (typeof env['name'] !== 'string' || env['name'] === '') required(`${envField}.name`);
      else if (!ENV_NAME.test(env['name'])) bad(`${envField}.name`, env['name'], "a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit");
      const from = env['valueFrom'];
      if (from !== undefined && env['value'] !== undefined && env['value'] !== '') bad(`${envField}.valueFrom`, '', 'may not be specified when `value` is not empty');
      if (from !== undefined) {
        const ref = object(object(from)['secretKeyRef']);
        if (object(from)['secretKeyRef'] === undefined) bad(`${envField}.valueFrom`, '', 'the stand-in supports secretKeyRef only');
        else {
          if (typeof ref['name'] !== 'string' || !DNS_SUBDOMAIN.test(ref['name'])) required(`${envField}.valueFrom.secretKeyRef.name`);
          if (typeof ref['key'] !== 'string' || ref['key'] === '') required(`${envField}.valueFrom.secretKeyRef.key`);
        }
      }
    });
    const resources = object(c['resources']);
    const requests = object(resources['requests']);
    const limits = object(resources['limits']);
    for (const [kind, list] of [['requests', requests], ['limits', limits]] as const) {
      for (const [resource, value] of Object.entries(list)) {
        const text = typeof value === 'number' ? String(value) : value;
        if (typeof text !== 'string' || !QUANTITY.test(text)) bad(`${field}.resources.${kind}[${resource}]`, value, "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'");
        else if (quantityValue(text) < 0) bad(`${field}.resources.${kind}[${resource}]`, value, 'must be greater than or equal to 0');
      }
    }
    for (const [resource, request] of Object.entries(requests)) {
      const limit = limits[resource];
      if (limit !== undefined && quantityValue(text(request)) > quantityValue(text(limit))) {
        bad(`${field}.resources.requests`, text(request), `must be less than or equal to ${resource} limit of ${text(limit)}`);
      }
    }
    if (limits['memory'] !== undefined && quantityValue(text(limits['memory'])) < 6 * 2 ** 20) {
      // Not an API rule: the container runtime (Docker, runc) refuses memory limits under 6 MiB.
      bad(`${field}.resources.limits[memory]`, limits['memory'], 'the stand-in runs Pods in Docker, which needs at least 6Mi');
    }
  });
  return causes;
}

/** A quantity as text (numbers are allowed in JSON manifests). */
function text(value: unknown): string {
  return typeof value === 'number' ? String(value) : typeof value === 'string' ? value : '';
}

function object(value: unknown): Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : {};
}

function array(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function nonNegativeInt(field: string, value: unknown, bad: (field: string, value: unknown, problem: string) => void): void {
  if (value !== undefined && !(Number.isInteger(value) && (value as number) >= 0)) bad(field, value, 'must be greater than or equal to 0');
}

function checkLabels(field: string, labels: unknown, bad: (field: string, value: unknown, problem: string) => void): void {
  for (const [key, value] of Object.entries(object(labels))) {
    if (key.length > 316 || !LABEL_KEY.test(key) || (key.split('/').pop() ?? '').length > 63) bad(field, key, "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character");
    if (typeof value !== 'string' || value.length > 63 || !LABEL_VALUE.test(value)) bad(`${field}[${key}]`, value, "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (at most 63 characters)");
  }
}

function checkAnnotations(field: string, annotations: unknown, bad: (field: string, value: unknown, problem: string) => void): void {
  let size = 0;
  for (const [key, value] of Object.entries(object(annotations))) {
    if (!LABEL_KEY.test(key)) bad(field, key, 'an annotation key must be a qualified name');
    if (typeof value !== 'string') bad(`${field}[${key}]`, value, 'must be a string');
    size += key.length + String(value).length;
  }
  if (size > 256 * 1024) bad(field, `${size} bytes`, 'may not be more than 256 KiB');
}
