import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '@twingraph/model';
import { jobRejected } from './kubernetes-errors.js';
import { statusBody, statusOf } from './kubernetes-executor.js';

// Messages as real API servers phrase them (the stand-in phrases its own the same way).
describe('403 from the API server', () => {
  it('RBAC: names the permissions to grant, not retried', () => {
    const error = jobRejected('train', 'ml', 403, 'jobs.batch is forbidden: User "system:serviceaccount:default:tg" cannot create resource "jobs" in API group "batch" in the namespace "ml"', 'Forbidden');
    expect(error).toMatchObject({ code: ERROR_CODES.EXECUTOR_NOT_CONFIGURED, nonRetryable: true, details: { reason: 'Forbidden', namespace: 'ml', component: 'train', platform: 'kubernetes' } });
    expect(error.hint).toContain('create/get/list/watch/delete on jobs');
  });

  it('ResourceQuota: retryable, says to wait or raise the quota', () => {
    const error = jobRejected('train', 'ml', 403, 'jobs.batch "tg-x-a1" is forbidden: exceeded quota: compute, requested: requests.cpu=1, used: requests.cpu=4, limited: requests.cpu=4', 'Forbidden');
    expect(error).toMatchObject({ nonRetryable: false, category: 'operational', details: { reason: 'QuotaExceeded' } });
    expect(error.hint).toContain("raise the quota of 'ml'");
  });

  it('an admission webhook (e.g. Gatekeeper): the policy message is kept', () => {
    const error = jobRejected('train', 'ml', 403, 'admission webhook "validation.gatekeeper.sh" denied the request: [must-have-team] you must provide labels: {"team"}', 'Forbidden');
    expect(error).toMatchObject({ nonRetryable: true, details: { reason: 'AdmissionRejected', apiReason: 'Forbidden' } });
    expect(error.message).toContain('you must provide labels');
  });
});

describe('client error shapes', () => {
  it('reads the status and the Status body of ApiException and of watch/log failures', () => {
    const apiException = { code: 422, body: JSON.stringify({ kind: 'Status', message: 'Job.batch "x" is invalid: metadata.name: Invalid value', reason: 'Invalid', details: { causes: [{ field: 'metadata.name', message: 'Invalid value' }] } }) };
    expect(statusOf(apiException)).toBe(422);
    expect(statusBody(apiException)).toMatchObject({ reason: 'Invalid', details: { causes: [{ field: 'metadata.name' }] } });
    expect(statusOf({ statusCode: 410 })).toBe(410);
    expect(statusBody({ code: 500, body: 'not json' })).toEqual({ message: 'not json' });
    expect(statusOf(new Error('ECONNREFUSED'))).toBeUndefined();
  });
});
