import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { requestOrigin } from './clientAddress';

/** The two things requestOrigin reads from a request: its headers and its socket. */
function request(headers: Record<string, string>, remoteAddress = '203.0.113.9', encrypted = false): IncomingMessage {
  return { headers, socket: { remoteAddress, encrypted } } as unknown as IncomingMessage;
}

const none = new Set<string>();

describe('requestOrigin (links back to a board in reports)', () => {
  it('prefers the configured public URL', () => {
    expect(
      requestOrigin(request({ host: 'evil.example' }), { publicUrl: 'https://retrace.example/', trustedProxies: none }),
    ).toBe('https://retrace.example');
  });

  it('uses the Host header, and https only when the socket is TLS or a trusted proxy says so', () => {
    expect(requestOrigin(request({ host: '127.0.0.1:8080' }), { publicUrl: null, trustedProxies: none })).toBe(
      'http://127.0.0.1:8080',
    );
    expect(
      requestOrigin(request({ host: 'retrace.example' }, '10.0.0.2', true), { publicUrl: null, trustedProxies: none }),
    ).toBe('https://retrace.example');
    const viaProxy = request({ host: 'retrace.example', 'x-forwarded-proto': 'https' }, '10.0.0.1');
    expect(requestOrigin(viaProxy, { publicUrl: null, trustedProxies: new Set(['10.0.0.1']) })).toBe(
      'https://retrace.example',
    );
    // The same header from anyone else is not believed.
    expect(requestOrigin(viaProxy, { publicUrl: null, trustedProxies: none })).toBe('http://retrace.example');
    expect(requestOrigin(request({ host: '[::1]:8080' }), { publicUrl: null, trustedProxies: none })).toBe(
      'http://[::1]:8080',
    );
  });

  it('gives no link for a Host header that is not a plain host name', () => {
    for (const host of ['evil.example"><script>', 'a b', 'x.example/path', ''])
      expect(requestOrigin(request({ host }), { publicUrl: null, trustedProxies: none }), host).toBeNull();
  });
});
