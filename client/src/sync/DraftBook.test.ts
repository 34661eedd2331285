import {
  NO_SILENT_ROUND,
  parseDraft,
  readControl,
  type ControlState,
  type DraftContent,
  type DraftView,
} from '@retrace/shared';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createStore } from 'zustand/vanilla';
import { ApiError } from '../lib/api';
import { DraftBook } from './DraftBook';

/** The server's side, in memory: what the draft endpoints would hold for this writer. */
function fakeServer() {
  const held = new Map<string, DraftView>();
  const server = {
    held,
    down: false,
    closed: false,
    api: {
      list: async () => [...held.values()],
      save: async (id: string, content: DraftContent) => {
        if (server.down) throw new TypeError('Failed to fetch');
        try {
          parseDraft(content); // the server's own validation
        } catch (error) {
          throw new ApiError(400, (error as Error).message);
        }
        if (server.closed) throw new ApiError(409, 'writing is closed: the facilitator is revealing the round');
        const draft = { ...content, id, updatedAt: 1 };
        held.set(id, draft);
        return draft;
      },
      remove: async (id: string) => {
        if (!held.delete(id)) throw new ApiError(404, 'no such draft of yours');
      },
    },
  };
  return server;
}

function memoryStorage() {
  const items = new Map<string, string>();
  return {
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value),
    removeItem: (key: string) => void items.delete(key),
  };
}

function controlAt(silentRound: ControlState['silentRound']) {
  return {
    state: createStore<ControlState>(() => ({ ...readControl(new Y.Doc()), silentRound })),
    synced: createStore<boolean>(() => true),
  };
}

const content = (text: string): DraftContent => ({
  text,
  laneId: 'lane1',
  occurredAt: null,
  precision: 'minute',
  kind: 'event',
  author: null,
});
const writing = { ...NO_SILENT_ROUND, round: 1, stage: 'writing' as const };
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('my drafts during a silent round', () => {
  it('keeps a draft the server could not take in this browser and sends it when a new book opens', async () => {
    const server = fakeServer();
    const storage = memoryStorage();
    const control = controlAt(writing);
    server.down = true;
    const book = new DraftBook('b1', control, server.api, storage);
    await settle();
    book.add(content('Pager fired'));
    await settle();
    expect(book.state.getState().drafts).toMatchObject([{ text: 'Pager fired', saved: false, round: 1 }]);
    book.destroy();

    // A reload with the network back: the kept draft is sent.
    server.down = false;
    const again = new DraftBook('b1', control, server.api, storage);
    await settle();
    await settle();
    expect(again.state.getState().drafts).toMatchObject([{ text: 'Pager fired', saved: true }]);
    expect([...server.held.values()].map((d) => d.text)).toEqual(['Pager fired']);
    again.destroy();
  });

  it('sends an edit of a draft the server already held (as the server lists it, with its timestamp)', async () => {
    const server = fakeServer();
    server.held.set('d1', { ...content('Pager fired'), id: 'd1', updatedAt: 5 });
    const book = new DraftBook('b1', controlAt(writing), server.api, memoryStorage());
    await settle();
    await settle();
    book.update('d1', 'Pager fired late');
    await settle();
    expect(book.state.getState()).toMatchObject({ error: null, drafts: [{ text: 'Pager fired late', saved: true }] });
    expect(server.held.get('d1')?.text).toBe('Pager fired late');
    book.destroy();
  });

  it('says why a draft was refused, and clears everything when the round ends', async () => {
    const server = fakeServer();
    const control = controlAt(writing);
    const book = new DraftBook('b1', control, server.api, memoryStorage());
    await settle();
    book.add(content('saved one'));
    await settle();
    server.closed = true;
    book.add(content('too late'));
    await settle();
    expect(book.state.getState().error).toMatch(/“too late” was not saved: writing is closed/);
    const ended: Array<readonly string[]> = [];
    book.onRoundEnded((ids) => ended.push(ids));
    const ids = book.state.getState().drafts.map((draft) => draft.id);
    control.state.setState({ silentRound: { ...writing, stage: 'idle' } });
    await settle();
    expect(book.state.getState().drafts).toEqual([]);
    // My drafts' ids, which the revealed cards keep: the board shows me where they landed.
    expect(ended).toEqual([ids]);
    book.destroy();
  });

  it('does nothing before the control document has synced (its defaults say "no round")', async () => {
    const server = fakeServer();
    const storage = memoryStorage();
    storage.setItem('retrace.drafts.b1', JSON.stringify([{ ...content('kept'), id: 'd1', round: 1, saved: false }]));
    const control = { ...controlAt(NO_SILENT_ROUND), synced: createStore<boolean>(() => false) };
    const book = new DraftBook('b1', control, server.api, storage);
    await settle();
    expect(book.state.getState().drafts).toHaveLength(1);
    control.state.setState({ silentRound: writing });
    control.synced.setState(true, true);
    await settle();
    await settle();
    expect(server.held.has('d1')).toBe(true);
    book.destroy();
  });
});
