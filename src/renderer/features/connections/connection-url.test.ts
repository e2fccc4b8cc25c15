import { describe, expect, it } from 'vitest';
import { hostOf, isTlsUrl, parseUrl, withoutMaskedPassword } from './connection-url.ts';

describe('parseUrl', () => {
  it('reads host, user and the decoded vhost of an AMQP URL', () => {
    expect(parseUrl('amqp://tach:****@rabbit1:5672/%2Fprod')).toMatchObject({ scheme: 'amqp', user: 'tach', host: 'rabbit1:5672', vhost: '/prod' });
  });

  it('uses the default vhost when the URL names none', () => {
    expect(parseUrl('amqps://rabbit1')?.vhost).toBe('/');
    expect(parseUrl('amqp://rabbit1:5672/')?.vhost).toBe('/');
  });

  it('gives the host of a management URL and the raw text when it cannot parse', () => {
    expect(hostOf('http://admin:****@rabbit1:15672')).toBe('rabbit1:15672');
    expect(hostOf('not a url')).toBe('not a url');
  });

  it('knows amqps:// means TLS', () => {
    expect(isTlsUrl(' AMQPS://rabbit1')).toBe(true);
    expect(isTlsUrl('amqp://rabbit1')).toBe(false);
  });
});

describe('withoutMaskedPassword', () => {
  it('drops the masked password and keeps the user', () => {
    expect(withoutMaskedPassword('amqp://tach:****@rabbit1:5672/celery')).toBe('amqp://tach@rabbit1:5672/celery');
  });

  it('leaves a URL without a masked password alone', () => {
    expect(withoutMaskedPassword('amqp://tach@rabbit1/')).toBe('amqp://tach@rabbit1/');
    expect(withoutMaskedPassword('amqp://tach:typed@rabbit1/')).toBe('amqp://tach:typed@rabbit1/');
  });
});
