import { describe, expect, it } from 'vitest';
import { isLoopbackName, parseHostHeader } from './host-header.ts';

describe('Host header', () => {
  it('splits a name or a bracketed IPv6 literal from its port, 80 when none is named', () => {
    expect(parseHostHeader('127.0.0.1:7420')).toEqual({ hostname: '127.0.0.1', port: 7420 });
    expect(parseHostHeader('LOCALHOST')).toEqual({ hostname: 'localhost', port: 80 });
    expect(parseHostHeader('[::1]:7420')).toEqual({ hostname: '[::1]', port: 7420 });
  });

  it('refuses what is not a Host header', () => {
    for (const header of [undefined, '', ':7420', '127.0.0.1:', '127.0.0.1:0', '127.0.0.1:65536', '[::1', 'a b', 'a/b@127.0.0.1', 'x:1:2']) {
      expect(parseHostHeader(header), String(header)).toBeUndefined();
    }
  });

  it('counts only names that are loopback by construction', () => {
    for (const name of ['127.0.0.1', '127.255.0.9', 'localhost', '::1', '[::1]']) expect(isLoopbackName(name), name).toBe(true);
    for (const name of ['127.0.0.1.evil.example', '127.evil.example', '127.1', '0x7f.1', '0177.0.0.1', '127.0.0.01', 'localhost.', 'localhost.evil.example', '128.0.0.1', '[::ffff:127.0.0.1]', '0.0.0.0']) {
      expect(isLoopbackName(name), name).toBe(false);
    }
  });
});
