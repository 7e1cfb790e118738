import { describe, expect, it } from 'vitest';
import { thrownText } from '../../src/custom-resource/thrown-text.js';

describe('thrownText', () => {
  it('prints a thrown non-Error with core showValue, never calling its own members', () => {
    // Prepare
    let called = 0;
    const hostile = {
      toString: () => {
        called++;
        return 'x';
      },
    };
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    // Act / Assess
    expect(thrownText(Object.create(null))).toBe('a non-Error value was thrown: {}');
    expect(thrownText(hostile)).toBe('a non-Error value was thrown: {"toString":<function toString>}');
    expect(thrownText('boom')).toBe('a non-Error value was thrown: "boom"');
    expect(thrownText(Symbol('s'))).toBe('a non-Error value was thrown: Symbol(s)');
    expect(thrownText(10n)).toBe('a non-Error value was thrown: 10n');
    expect(thrownText(proxy)).toMatch(/^a non-Error value was thrown: <unreadable: .*revoked/);
    expect(called).toBe(0);
  });

  it('names an Error by its class, code and message', () => {
    expect(thrownText(new RangeError('too far'))).toBe('RangeError: too far');
    expect(thrownText(Object.assign(new Error('gone'), { code: 'NotFound' }))).toBe('NotFound: gone');
  });
});
