import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '@twingraph/model';
import { describeRedis, redisOptionsFromUrl } from './redis-connection.js';

describe('redisOptionsFromUrl', () => {
  it('reads host, port, user, password and database', () => {
    expect(redisOptionsFromUrl('redis://worker:p%40ss@cache.internal:6380/3')).toEqual({ host: 'cache.internal', port: 6380, username: 'worker', password: 'p@ss', db: 3 });
    expect(redisOptionsFromUrl('redis://127.0.0.1')).toEqual({ host: '127.0.0.1', port: 6379 });
    expect(redisOptionsFromUrl('redis://:secret@h:1')).toEqual({ host: 'h', port: 1, password: 'secret' });
  });

  it('turns TLS on for rediss:// and ?tls=true', () => {
    expect(redisOptionsFromUrl('rediss://h:6380').tls).toEqual({});
    expect(redisOptionsFromUrl('redis://h?tls=true&servername=cache.example').tls).toEqual({ servername: 'cache.example' });
  });

  it('rejects other schemes and bad databases with a hint', () => {
    expect(() => redisOptionsFromUrl('http://h')).toThrow(expect.objectContaining({ code: ERROR_CODES.INVALID_OPTIONS }));
    expect(() => redisOptionsFromUrl('redis://h/x')).toThrow(/database 'x'/);
    expect(() => redisOptionsFromUrl('not a url')).toThrow(expect.objectContaining({ hint: expect.stringContaining('redis://') }));
  });

  it('hides the password when describing a connection', () => {
    expect(describeRedis('redis://u:secret@h:1')).toBe('redis://u:***@h:1');
  });
});
