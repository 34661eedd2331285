import { createCard, createLane, initBoard } from '@retrace/shared';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { LogEntryJson } from '../../lib/api';
import { Replayer } from './replay';

describe('Replayer', () => {
  it('shows the board after any number of log entries, forwards and back', () => {
    const doc = new Y.Doc();
    const entries: LogEntryJson[] = [];
    doc.on('update', (u: Uint8Array) =>
      entries.push({
        seq: entries.length + 1,
        receivedAt: entries.length,
        actor: 'editor:x',
        data: btoa(String.fromCharCode(...u)),
      }),
    );
    initBoard(doc, { title: 'Replay' });
    const lane = createLane(doc, { name: 'Ops' });
    for (let i = 0; i < 3; i++) createCard(doc, { text: `c${i}`, laneId: lane, occurredAt: i });
    const replayer = new Replayer(entries);
    expect(replayer.at(entries.length).cards.map((c) => c.text)).toEqual(['c0', 'c1', 'c2']);
    expect(replayer.at(3).cards.map((c) => c.text)).toEqual(['c0']);
    expect(replayer.at(4).cards).toHaveLength(2);
    expect(replayer.at(0).meta.title).toBe('Untitled incident');
    replayer.destroy();
  });
});
