import { describe, expect, it } from 'vitest';
import { SECRET_MASK } from '../../../../shared/domain/names.ts';
import { brokerTarget, maskedUrl, redactUrls, splitPassword, withPassword } from './connection-urls.ts';

describe('splitPassword', () => {
  it('takes a percent-encoded password out of an amqp URL and keeps the vhost encoded', () => {
    expect(splitPassword('amqp://u:p%40ss@rabbit:5672/%2F')).toEqual({ url: 'amqp://u@rabbit:5672/%2F', password: 'p@ss' });
  });

  it('leaves a URL without a password as it is', () => {
    expect(splitPassword('amqp://u@rabbit/vh')).toEqual({ url: 'amqp://u@rabbit/vh', password: undefined });
    expect(splitPassword('amqps://rabbit')).toEqual({ url: 'amqps://rabbit', password: undefined });
  });

  it('handles management URLs and drops the trailing slash of a bare http endpoint', () => {
    expect(splitPassword('http://mon:secret@rabbit:15672/')).toEqual({ url: 'http://mon@rabbit:15672', password: 'secret' });
    expect(splitPassword('https://rabbit/mgmt/')).toEqual({ url: 'https://rabbit/mgmt/', password: undefined });
  });

  it('throws on something that is not a URL', () => {
    expect(() => splitPassword('not a url')).toThrow();
  });
});

describe('withPassword', () => {
  it('round-trips a password with characters that are special in URLs', () => {
    for (const password of ['p@ss:/w#rd?', '100% sure', 'ünïcödé ✓', 'a&b=c;d']) {
      const url = withPassword('amqp://u@rabbit:5672/%2F', password);
      expect(new URL(url).hostname).toBe('rabbit');
      expect(new URL(url).username).toBe('u');
      expect(splitPassword(url)).toEqual({ url: 'amqp://u@rabbit:5672/%2F', password });
    }
  });

  it('returns the stored URL when there is no password', () => {
    expect(withPassword('amqp://u@rabbit/', null)).toBe('amqp://u@rabbit/');
    expect(withPassword('amqp://u@rabbit/', undefined)).toBe('amqp://u@rabbit/');
    expect(withPassword('amqp://u@rabbit/', '')).toBe('amqp://u@rabbit/');
  });
});

describe('maskedUrl', () => {
  it('shows a stored password as the mask', () => {
    expect(maskedUrl('amqp://u@rabbit:5672/%2F', true)).toBe(`amqp://u:${SECRET_MASK}@rabbit:5672/%2F`);
    expect(maskedUrl('http://mon@rabbit:15672', true)).toBe(`http://mon:${SECRET_MASK}@rabbit:15672`);
  });

  it('names the default user when the URL has none', () => {
    expect(maskedUrl('amqp://rabbit/', true)).toBe(`amqp://guest:${SECRET_MASK}@rabbit/`);
  });

  it('leaves a URL without a stored password untouched', () => {
    expect(maskedUrl('amqp://u@rabbit/', false)).toBe('amqp://u@rabbit/');
  });

  it('the masked URL splits back into the stored URL and the mask', () => {
    expect(splitPassword(maskedUrl('amqp://u@rabbit/vh', true))).toEqual({ url: 'amqp://u@rabbit/vh', password: SECRET_MASK });
  });
});

describe('redactUrls', () => {
  it('hides the password of every URL in a sentence', () => {
    const text = 'Could not reach amqp://celery:s3cret@rabbit:5672/prod nor http://admin:hunter2@mgmt:15672/api today.';
    const redacted = redactUrls(text);
    expect(redacted).toBe(
      `Could not reach amqp://celery:${SECRET_MASK}@rabbit:5672/prod nor http://admin:${SECRET_MASK}@mgmt:15672/api today.`,
    );
    expect(redacted).not.toContain('s3cret');
    expect(redacted).not.toContain('hunter2');
  });

  it('leaves URLs without a password and plain text alone', () => {
    const text = 'see amqp://celery@rabbit:5672/ and http://mgmt:15672/api, time 12:30 user@example.com';
    expect(redactUrls(text)).toBe(text);
  });

  it('hides a password in a URL with an empty user name', () => {
    expect(redactUrls('amqp://:topsecret@h/')).toBe(`amqp://:${SECRET_MASK}@h/`);
  });
});

describe('brokerTarget', () => {
  it('defaults the port by scheme and the vhost to "/"', () => {
    expect(brokerTarget('amqp://rabbit')).toEqual({ host: 'rabbit', port: 5672, vhost: '/', user: 'guest', tls: false });
    expect(brokerTarget('amqps://rabbit/')).toEqual({ host: 'rabbit', port: 5671, vhost: '/', user: 'guest', tls: true });
  });

  it('decodes the vhost and user, and keeps an explicit port', () => {
    expect(brokerTarget('amqp://cel%40ery:pw@rabbit:1234/%2Fprod')).toEqual({
      host: 'rabbit',
      port: 1234,
      vhost: '/prod',
      user: 'cel@ery',
      tls: false,
    });
    expect(brokerTarget('amqp://rabbit/%2F').vhost).toBe('/');
    expect(brokerTarget('amqp://rabbit/staging').vhost).toBe('staging');
  });

  it('treats the scheme case-insensitively', () => {
    expect(brokerTarget('AMQPS://rabbit').tls).toBe(true);
  });
});
