import { boardRoots, createCard, createLane, type CardKind } from '@retrace/shared';
import type { CreatedBoard } from './api';
import { connectClient } from './syncClient';
import { waitFor } from './waitFor';

/**
 * A board as a team has it a few minutes into the call: three lanes, thirteen timed cards
 * across the incident (10:00–11:00 Berlin, see CHECKOUT_INCIDENT) and one whose time
 * nobody knows. Written through the real sync protocol, as another participant would.
 */
export const SEEDED_CARDS: ReadonlyArray<{ lane: number; at: string | null; kind: CardKind; text: string }> = [
  { lane: 0, at: '10:02', kind: 'event', text: 'Payments deploy v2.31 starts, all regions at once' },
  { lane: 1, at: '10:05', kind: 'signal', text: 'Checkout error rate alert fires (5%)' },
  { lane: 0, at: '10:07', kind: 'observation', text: 'Card form spinner never stops in Safari' },
  { lane: 2, at: '10:09', kind: 'communication', text: 'First customer chats about failed payments' },
  { lane: 1, at: '10:12', kind: 'action', text: 'Restarted the payments pods' },
  { lane: 1, at: '10:16', kind: 'observation', text: 'Error rate unchanged after restart' },
  { lane: 0, at: '10:20', kind: 'question', text: 'Is the CDN serving the old bundle?' },
  { lane: 2, at: '10:24', kind: 'communication', text: 'Status page updated: degraded checkout' },
  { lane: 1, at: '10:31', kind: 'hypothesis', text: 'Schema migration step was skipped' },
  { lane: 1, at: '10:38', kind: 'decision', text: 'Roll back v2.31' },
  { lane: 0, at: '10:44', kind: 'observation', text: 'Checkout works again in the browser' },
  { lane: 2, at: '10:49', kind: 'communication', text: 'Customers told the issue is resolved' },
  { lane: 1, at: '10:55', kind: 'event', text: 'Error rate back to baseline' },
  { lane: 2, at: null, kind: 'observation', text: 'A customer mentioned errors earlier that morning' },
];

export const SEEDED_LANES = ['Web frontend', 'Payments API', 'Support'];

export async function seedIncident(wsUrl: string, board: CreatedBoard): Promise<void> {
  const writer = connectClient(wsUrl, board.id, board.tokens.editor);
  try {
    await writer.whenSynced();
    const lanes = SEEDED_LANES.map((name) => createLane(writer.doc, { name, kind: 'system' }));
    writer.doc.transact(() => {
      for (const card of SEEDED_CARDS) {
        const [hours, minutes] = card.at ? card.at.split(':').map(Number) : [0, 0];
        createCard(writer.doc, {
          text: card.text,
          kind: card.kind,
          laneId: lanes[card.lane]!,
          // 10:00 Berlin on 2024-05-01 is 08:00 UTC.
          occurredAt: card.at ? Date.UTC(2024, 4, 1, hours! - 2, minutes!) : null,
        });
      }
    });
    // Stored and served: a fresh client receives every card.
    const reader = connectClient(wsUrl, board.id, board.tokens.viewer);
    try {
      await waitFor(
        () => reader.provider.synced && boardRoots(reader.doc).cards.size === SEEDED_CARDS.length,
        'the seeded cards to reach a new client',
      );
    } finally {
      reader.destroy();
    }
  } finally {
    writer.destroy();
  }
}
