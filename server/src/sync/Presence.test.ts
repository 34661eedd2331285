import { describe, expect, it } from 'vitest';
import { DEFAULT_PRESENCE_LIMITS, Presence, encodePresenceEntries, readPresenceEntries } from './Presence';

const deep = (n: number) => '['.repeat(n) + ']'.repeat(n);

function setup() {
  let clock = 1_000;
  const presence = new Presence<string>(DEFAULT_PRESENCE_LIMITS, () => clock, 999);
  const send = (connection: string, entries: Array<{ id: number; clock: number; json: string }>) =>
    presence.receive(
      connection,
      encodePresenceEntries(entries.map((e) => ({ clientId: e.id, clock: e.clock, json: e.json }))),
    );
  return { presence, send, advance: (ms: number) => (clock += ms) };
}

describe('presence kept as the JSON each client sent', () => {
  it('accepts a connection’s own state and forwards the very text it sent', () => {
    const { presence, send } = setup();
    const json = '{"user":{"name":"Ana"},"view":{"x":1.5}}';
    expect(send('a', [{ id: 1, clock: 1, json }])).toEqual({ accepted: [{ clientId: 1, clock: 1, json }] });
    expect(readPresenceEntries(encodePresenceEntries(presence.entriesFor([1])), 10)).toEqual([
      { clientId: 1, clock: 1, json },
    ]);
    expect(presence.ownerConnection(1)).toBe('a');
  });

  it('skips echoes of states it has, and refuses what could hurt: depth, size, shape, the server field', () => {
    const { send } = setup();
    send('a', [{ id: 1, clock: 3, json: '{}' }]);
    expect(send('b', [{ id: 1, clock: 3, json: '{}' }])).toEqual({ accepted: [] }); // an echo
    expect(send('b', [{ id: 1, clock: 4, json: '{}' }])).toMatchObject({ refused: expect.stringContaining('another') });
    expect(send('c', [{ id: 2, clock: 1, json: `{"x":${deep(5_000)}}` }])).toMatchObject({
      refused: 'presence state: JSON nested too deeply',
    });
    expect(send('c', [{ id: 2, clock: 1, json: `{"x":"${'y'.repeat(20_000)}"}` }])).toMatchObject({
      refused: 'presence state too large',
    });
    expect(send('c', [{ id: 2, clock: 1, json: '[1]' }])).toMatchObject({ refused: 'presence state is not an object' });
    expect(send('c', [{ id: 2, clock: 1, json: '{"retrace\\u0053erver":{"saving":false}}' }])).toMatchObject({
      refused: 'presence impersonating the server',
    });
    expect(send('c', [{ id: 999, clock: 5, json: '{}' }])).toMatchObject({
      refused: 'presence impersonating the server',
    });
    expect(
      send(
        'c',
        [1, 2, 3, 4, 5].map((id) => ({ id: id + 10, clock: 1, json: '{}' })),
      ),
    ).toMatchObject({
      refused: 'too many presence ids',
    });
  });

  it('removes a connection’s states when it leaves, and states nobody renewed for 30 s', () => {
    const { presence, send, advance } = setup();
    send('a', [{ id: 1, clock: 1, json: '{}' }]);
    send('b', [{ id: 2, clock: 1, json: '{}' }]);
    expect(presence.removeConnection('a')).toEqual([{ clientId: 1, clock: 1, json: 'null' }]);
    advance(29_000);
    expect(presence.expire()).toEqual([]);
    advance(2_000);
    expect(presence.expire()).toEqual([{ clientId: 2, clock: 1, json: 'null' }]);
    // A late, stale state for a removed id is not taken back.
    expect(send('c', [{ id: 2, clock: 1, json: '{}' }])).toEqual({ accepted: [] });
    expect(presence.presentIds()).toEqual([]);
  });

  it('throws on a malformed message instead of guessing', () => {
    const { presence } = setup();
    expect(presence.receive('a', new Uint8Array([5, 1]))).toMatchObject({ malformed: true });
  });
});

describe('seats stamped on presence', () => {
  const seat = { id: 'a1b2c3d4e5f6a7b8', role: 'editor' as const };

  it('stamps each state with the connection’s seat and refuses a seat a client claims itself', () => {
    const presence = new Presence<string>(DEFAULT_PRESENCE_LIMITS, () => 1_000, 999);
    const send = (json: string, clock: number) =>
      presence.receive('a', encodePresenceEntries([{ clientId: 1, clock, json }]), seat);
    expect(send('{"user":{"name":"Ana"}}', 1)).toEqual({
      accepted: [
        { clientId: 1, clock: 1, json: '{"seat":{"id":"a1b2c3d4e5f6a7b8","role":"editor"},"user":{"name":"Ana"}}' },
      ],
    });
    for (const claim of ['{"seat":{"id":"ffffffffffffffff","role":"facilitator"}}', '{"s\\u0065at":null}'])
      expect(send(claim, 2)).toMatchObject({ refused: expect.stringContaining('claiming a seat') });
    expect(send('null', 3)).toEqual({ accepted: [{ clientId: 1, clock: 3, json: 'null' }] }); // leaving is not stamped
    // Relayed from the process that stamped it: kept as it came.
    const relayed = '{"seat":{"id":"b1b2c3d4e5f6a7b8","role":"facilitator"},"user":{"name":"Fay"}}';
    expect(presence.receiveRelayed(encodePresenceEntries([{ clientId: 2, clock: 1, json: relayed }]))).toEqual([
      { clientId: 2, clock: 1, json: relayed },
    ]);
  });
});
