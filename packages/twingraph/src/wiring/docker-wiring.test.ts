import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '@twingraph/model';
import { dockerExecutorFromEnv } from './docker-wiring.js';

describe('dockerExecutorFromEnv', () => {
  it('registers nothing with TWINGRAPH_DOCKER=off', () => {
    expect(dockerExecutorFromEnv({ TWINGRAPH_DOCKER: 'off', DOCKER_HOST: 'unix:///var/run/docker.sock' })).toBeUndefined();
  });

  it('registers an executor for DOCKER_HOST in auto mode, pointing at that address', () => {
    expect(dockerExecutorFromEnv({ DOCKER_HOST: 'unix:///tmp/elsewhere.sock' })?.address).toBe('unix:///tmp/elsewhere.sock');
    expect(dockerExecutorFromEnv({ DOCKER_HOST: 'tcp://build-box:2375' })?.address).toBe('http://build-box:2375');
  });

  it('registers one with TWINGRAPH_DOCKER=on even when no daemon is configured', () => {
    expect(dockerExecutorFromEnv({ TWINGRAPH_DOCKER: 'on' })?.platform).toBe('docker');
  });

  it('rejects an unknown mode and a TLS host without certificates, saying what to do', () => {
    expect(() => dockerExecutorFromEnv({ TWINGRAPH_DOCKER: 'maybe' })).toThrow(expect.objectContaining({ code: ERROR_CODES.INVALID_OPTIONS }));
    expect(() => dockerExecutorFromEnv({ DOCKER_HOST: 'tcp://secure:2376', DOCKER_CERT_PATH: '/nonexistent' })).toThrow(
      expect.objectContaining({ code: ERROR_CODES.INVALID_OPTIONS, hint: expect.stringContaining('ca.pem') }),
    );
  });
});
