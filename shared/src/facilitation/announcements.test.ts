import { describe, expect, it } from 'vitest';
import type { Card, Lane } from '../schema/types';
import { cardMovedAnnouncement, phaseAnnouncement, spotlightAnnouncement } from './announcements';

const lanes: Lane[] = [
  { id: 'l1', name: 'Frontend', kind: 'person', owner: null, timeZone: null, orderKey: 'a', importKeys: [] },
  { id: 'l2', name: 'Backend', kind: 'system', owner: null, timeZone: null, orderKey: 'b', importKeys: [] },
];
const card = (laneId: string, occurredAt: number | null, orderKey = 'm'): Card =>
  ({
    id: 'c1',
    text: 'checkout errors rising',
    kind: 'event',
    place: { laneId, occurredAt, precision: 'minute', orderKey },
  }) as unknown as Card;
const at = Date.UTC(2024, 4, 1, 8, 7);

describe('call announcements', () => {
  it('say the phase with its number and purpose', () => {
    expect(phaseAnnouncement('timeline')).toMatch(/^Phase 2 of 6: Timeline\. \S/);
  });

  it('say what is spotlit', () => {
    expect(spotlightAnnouncement({ kind: 'lane', name: 'Backend' })).toBe('The facilitator spotlights lane Backend.');
    expect(spotlightAnnouncement({ kind: 'card', name: 'x'.repeat(80) })).toMatch(/“x{59}…”/);
  });

  it('say where someone else moved my focused card, in my zone', () => {
    expect(cardMovedAnnouncement(card('l1', at), card('l2', at + 60_000), lanes, 'Europe/Berlin', 'Bob')).toBe(
      'Bob moved the card you are on, “checkout errors rising”, to Backend, 10:08.',
    );
    expect(cardMovedAnnouncement(card('l1', at), card('l1', null), lanes, 'UTC', null)).toBe(
      'Someone moved the card you are on, “checkout errors rising”, to Frontend, time unknown.',
    );
  });

  it('stay quiet when only the order within the same slot changed', () => {
    expect(cardMovedAnnouncement(card('l1', at, 'a'), card('l1', at, 'b'), lanes, 'UTC', 'Bob')).toBeNull();
  });
});
