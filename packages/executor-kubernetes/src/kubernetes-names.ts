import { createHash } from 'node:crypto';

/** A DNS-1123 label: what Kubernetes accepts as a Job, Pod or container name (and a label value's stricter cousin). */
export const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** A DNS-1123 subdomain: namespaces are labels; secrets, service accounts and most other names are subdomains. */
export const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** A label value: empty, or up to 63 of `[A-Za-z0-9._-]` starting and ending alphanumeric. */
export const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
/** A label key: optional DNS subdomain prefix + '/' + a name part of up to 63 characters. */
export const LABEL_KEY = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

function shortHash(text: string, length: number): string {
  return createHash('sha256').update(text).digest('hex').slice(0, length);
}

/**
 * The Job name of one attempt: `tg-<execution id, slugged>-a<attempt>`, a DNS-1123 label of at most
 * 52 characters (Kubernetes adds up to 11 characters to name the Pod, which must stay a label). When
 * slugging loses information (upper case, other characters) or the id is long, a hash of the id keeps
 * names of different executions apart.
 */
export function jobName(executionId: string, attempt: number): string {
  const suffix = `-a${attempt}`;
  const slug = executionId.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/-+/g, '-').replace(/^-|-$/g, '');
  const budget = 52 - 'tg-'.length - suffix.length;
  const exact = slug === executionId && slug.length <= budget;
  const body = exact ? slug : `${slug.slice(0, budget - 9).replace(/-+$/, '')}-${shortHash(executionId, 8)}`.replace(/^-/, '');
  return `tg-${body}${suffix}`;
}

/** Any text as a label value: kept when valid, else slugged and shortened with a hash (the full text goes in an annotation). */
export function labelValue(text: string): string {
  if (text.length <= 63 && LABEL_VALUE.test(text)) return text;
  const slug = text.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, '');
  return `${slug.slice(0, 54).replace(/[^A-Za-z0-9]+$/, '')}-${shortHash(text, 8)}`.replace(/^-/, '');
}
