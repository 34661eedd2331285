import { describe, expect, it } from 'vitest';
import { CloseCode, closeCodeName } from './closeCodes';

describe('close codes', () => {
  it('[C1] put exactly the codes not worth retrying in the range stock y-websocket clients give up on', () => {
    for (const { code, retry } of Object.values(CloseCode)) {
      expect(code >= 4400 && code < 4500).toBe(!retry);
    }
  });

  it('are unique and found by number', () => {
    const codes = Object.values(CloseCode).map((c) => c.code);
    expect(new Set(codes).size).toBe(codes.length);
    expect(closeCodeName(4403)).toBe('TokenRevoked');
    expect(closeCodeName(1000)).toBeUndefined();
  });
});
