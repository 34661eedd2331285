import type { Card } from '@retrace/shared';
import { describe, expect, it } from 'vitest';
import { cardClock, cardTimeDetails } from './timeLabels';

const card = (occurredAt: number | null, precision: Card['place']['precision'] = 'minute'): Card => ({
  id: 'c',
  text: 't',
  kind: 'event',
  place: { laneId: 'l', orderKey: 'a0', occurredAt, precision },
  author: { name: 'Priya', timeZone: 'Asia/Kolkata' },
  createdAt: 0,
  source: 'typed',
  misleading: false,
  factorIds: [],
  deletedAt: null,
  hintsDismissed: false,
  importedFrom: null,
});

describe('time labels', () => {
  const at = Date.UTC(2024, 4, 14, 8, 3);
  it('shows the viewer’s zone on the card', () => {
    expect(cardClock(card(at), 'Europe/Berlin')).toBe('10:03');
    expect(cardClock(card(at, 'approximate'), 'America/New_York')).toBe('~04:03');
    expect(cardClock(card(null), 'UTC')).toBe('time unknown');
  });

  it('offers the reference zone and the author’s local time on hover', () => {
    const details = cardTimeDetails(card(at), 'America/New_York', 'Europe/Berlin');
    expect(details).toContain('Your time: 2024-05-14 04:03 (America/New_York, UTC−04:00)');
    expect(details).toContain('Incident reference: 2024-05-14 10:03 (Europe/Berlin, UTC+02:00)');
    expect(details).toContain("Priya's local time: 2024-05-14 13:33 (Asia/Kolkata, UTC+05:30)");
  });
});
