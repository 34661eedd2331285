import { describe, expect, it } from 'vitest';
import { describeReadiness, readSeat, readinessOf, stampSeat, type SeatedState } from './seats';

const editor = (id: string) => ({ id, role: 'editor' as const });

describe('seats stamped by the server', () => {
  it('go first into a state without parsing the rest, and read back', () => {
    const stamped = stampSeat(' {"user":{"name":"Ana"},"ready":null}', editor('a1b2c3d4e5'));
    expect(stamped).toBe('{"seat":{"id":"a1b2c3d4e5","role":"editor"},"user":{"name":"Ana"},"ready":null}');
    expect(readSeat(JSON.parse(stamped))).toEqual(editor('a1b2c3d4e5'));
    expect(JSON.parse(stampSeat('{ }', editor('a1b2c3d4e5')))).toEqual({ seat: editor('a1b2c3d4e5') });
    expect(() => stampSeat('null', editor('a1b2c3d4e5'))).toThrow();
  });

  it('are read only when well formed', () => {
    expect(readSeat({ seat: { id: 'a1b2c3d4e5', role: 'owner' } })).toBeNull();
    expect(readSeat({ seat: { id: 'x', role: 'editor' } })).toBeNull();
    expect(readSeat({ seat: 'a1b2c3d4e5' })).toBeNull();
    expect(readSeat(null)).toBeNull();
  });
});

describe('readiness', () => {
  const state = (id: string | null, name: string, extra: Partial<SeatedState> = {}, role = 'editor'): SeatedState => ({
    seat: id ? { id, role: role as 'editor' } : null,
    name,
    ...extra,
  });

  it('counts distinct participants: not viewers, not extra tabs, not facilitators, not unstamped states', () => {
    const states = [
      state('seat-ana-1', 'Ana', { ready: 'timeline' }),
      state('seat-ana-1', 'Ana'), // her second tab, not done there: she is done
      state('seat-bo-22', 'Bo', { moveOn: 'timeline' }),
      state('seat-cy-333', 'Cy', {}, 'viewer'),
      state('seat-fay-44', 'Fay', {}, 'facilitator'),
      state(null, 'Raw client', { ready: 'timeline' }),
    ];
    expect(readinessOf(states, 'timeline')).toEqual({ total: 2, ready: 1, moveOn: 1, waitingFor: ['Bo'] });
    expect(readinessOf(states, 'factors')).toMatchObject({ total: 2, ready: 0, waitingFor: ['Ana', 'Bo'] });
  });

  it('says who is still writing once someone is done, unless names are off (anonymous rounds)', () => {
    const r = (ready: number, waitingFor: string[], moveOn = 0) => ({
      total: ready + waitingFor.length,
      ready,
      moveOn,
      waitingFor,
    });
    expect(describeReadiness(r(0, []))).toBe('Waiting for people to join');
    expect(describeReadiness(r(0, ['Ana', 'Bo']))).toBe('0 of 2 done');
    expect(describeReadiness(r(1, ['Bo'], 2))).toBe('1 of 2 done · 2 ready to move on · still writing: Bo');
    expect(describeReadiness(r(1, ['A', 'B', 'C', 'D', 'E']))).toBe('1 of 6 done · still writing: A, B, C +2');
    expect(describeReadiness(r(1, ['Bo']), false)).toBe('1 of 2 done');
  });
});
