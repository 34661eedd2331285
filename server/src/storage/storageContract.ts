import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { BoardStorage, NewBoard } from './BoardStorage';

/**
 * The contract every BoardStorage implementation must meet. An implementation's test file
 * calls this with a factory; `reopen` must return a new instance over the same data.
 */
export interface StorageHarness {
  open(): Promise<BoardStorage>;
  cleanup(): Promise<void>;
}

function docWithText(text: string): Y.Doc {
  const doc = new Y.Doc();
  doc.getText('t').insert(0, text);
  return doc;
}

function newBoard(id: string, initial: Y.Doc): NewBoard {
  return {
    id,
    createdAt: 1_000,
    actor: 'facilitator:create',
    initialUpdate: Y.encodeStateAsUpdate(initial),
    tokens: [
      { role: 'facilitator', tokenHash: `${id}-f` },
      { role: 'editor', tokenHash: `${id}-e` },
      { role: 'viewer', tokenHash: `${id}-v` },
    ],
  };
}

function rebuild(loaded: { snapshot: Uint8Array | null; updates: readonly Uint8Array[] }): Y.Doc {
  const doc = new Y.Doc();
  if (loaded.snapshot) Y.applyUpdate(doc, loaded.snapshot);
  for (const update of loaded.updates) Y.applyUpdate(doc, update);
  return doc;
}

/** Produces an incremental update by editing `doc`. */
function edit(doc: Y.Doc, text: string): Uint8Array {
  const before = Y.encodeStateVector(doc);
  doc.getText('t').insert(doc.getText('t').length, text);
  return Y.encodeStateAsUpdate(doc, before);
}

export function describeStorageContract(name: string, harness: () => StorageHarness): void {
  describe(`BoardStorage contract: ${name}`, () => {
    let h: StorageHarness;
    let storage: BoardStorage;

    beforeEach(async () => {
      h = harness();
      storage = await h.open();
    });
    afterEach(async () => {
      await storage.close();
      await h.cleanup();
    });

    it('creates a board and reports whether boards exist', async () => {
      await storage.createBoard(newBoard('b1', docWithText('hello')));
      expect(await storage.boardExists('b1')).toBe(true);
      expect(await storage.boardExists('nope')).toBe(false);
      expect(await storage.loadBoard('nope')).toBeNull();
      const loaded = await storage.loadBoard('b1');
      expect(rebuild(loaded!).getText('t').toString()).toBe('hello');
    });

    it('refuses a second board with the same id', async () => {
      await storage.createBoard(newBoard('b1', docWithText('a')));
      await expect(storage.createBoard(newBoard('b1', docWithText('b')))).rejects.toThrow();
      expect(
        rebuild((await storage.loadBoard('b1'))!)
          .getText('t')
          .toString(),
      ).toBe('a');
    });

    it('maps token hashes to roles, per board only', async () => {
      await storage.createBoard(newBoard('b1', new Y.Doc()));
      await storage.createBoard(newBoard('b2', new Y.Doc()));
      expect(await storage.findRole('b1', 'b1-f')).toBe('facilitator');
      expect(await storage.findRole('b1', 'b1-e')).toBe('editor');
      expect(await storage.findRole('b1', 'b1-v')).toBe('viewer');
      expect(await storage.findRole('b1', 'b2-e')).toBeNull();
      expect(await storage.findRole('b1', 'wrong')).toBeNull();
    });

    it('rotates a role’s token: the old one stops working at once, others are untouched', async () => {
      await storage.createBoard(newBoard('b1', new Y.Doc()));
      expect(await storage.rotateToken('b1', 'editor', 'b1-e2', 5_000)).toEqual(['b1-e']);
      expect(await storage.findRole('b1', 'b1-e')).toBeNull();
      expect(await storage.findRole('b1', 'b1-e2')).toBe('editor');
      expect(await storage.findRole('b1', 'b1-v')).toBe('viewer');
      expect(await storage.rotateToken('b1', 'editor', 'b1-e3', 6_000)).toEqual(['b1-e2']);
      expect(await storage.findRole('b1', 'b1-e2')).toBeNull();
    });

    it('adds a co-host link beside the current one; rotating the role revokes both', async () => {
      await storage.createBoard(newBoard('b1', new Y.Doc()));
      await storage.addToken('b1', 'facilitator', 'b1-f2', 5_000);
      expect(await storage.findRole('b1', 'b1-f')).toBe('facilitator');
      expect(await storage.findRole('b1', 'b1-f2')).toBe('facilitator');
      expect((await storage.rotateToken('b1', 'facilitator', 'b1-f3', 6_000)).sort()).toEqual(['b1-f', 'b1-f2']);
      expect(await storage.findRole('b1', 'b1-f2')).toBeNull();
    });

    it("keeps each writer's drafts apart and deletes a round's drafts after it", async () => {
      await storage.createBoard(newBoard('b1', new Y.Doc()));
      await storage.createBoard(newBoard('b2', new Y.Doc()));
      const draft = (id: string, writerHash: string, round = 1, body = `{"text":"${id}"}`, boardId = 'b1') => ({
        boardId,
        id,
        round,
        writerHash,
        body,
        updatedAt: 1_000 + id.charCodeAt(0),
      });
      expect(await storage.putDraft(draft('a', 'alice'))).toBe(true);
      expect(await storage.putDraft(draft('b', 'bob'))).toBe(true);
      expect(await storage.putDraft(draft('c', 'bob', 2))).toBe(true);
      expect(await storage.putDraft(draft('a', 'alice', 1, '{}', 'b2'))).toBe(true);
      // Bob cannot overwrite Alice's draft by guessing its id; Alice can change hers.
      expect(await storage.putDraft(draft('a', 'bob', 1, '{"text":"mine now"}'))).toBe(false);
      expect(await storage.putDraft(draft('a', 'alice', 1, '{"text":"edited"}'))).toBe(true);
      expect((await storage.listDrafts('b1', 1)).map((d) => [d.id, d.writerHash, d.body])).toEqual([
        ['a', 'alice', '{"text":"edited"}'],
        ['b', 'bob', '{"text":"b"}'],
      ]);
      expect((await storage.listDrafts('b1', 1, 'bob')).map((d) => d.id)).toEqual(['b']);
      expect(await storage.deleteDraft('b1', 'a', 'bob')).toBe(false);
      expect(await storage.deleteDraft('b1', 'b', 'bob')).toBe(true);
      expect(await storage.deleteRoundDrafts('b1', 1)).toBe(1);
      expect((await storage.listDrafts('b1', 2)).map((d) => d.id)).toEqual(['c']);
      expect(await storage.listDrafts('b2', 1)).toHaveLength(1);
    });

    it('records seats per board and keeps their role', async () => {
      await storage.createBoard(newBoard('b1', new Y.Doc()));
      await storage.createBoard(newBoard('b2', new Y.Doc()));
      expect(await storage.findSeat('b1', 'seat-a')).toBeNull();
      await storage.recordSeat('b1', 'seat-a', 'editor', 1_000);
      await storage.recordSeat('b1', 'seat-a', 'editor', 2_000); // connected again
      expect(await storage.findSeat('b1', 'seat-a')).toBe('editor');
      expect(await storage.findSeat('b2', 'seat-a')).toBeNull();
    });

    it('holds dots within a budget per voter and round, even when added at once, and takes back only your own', async () => {
      await storage.createBoard(newBoard('b1', new Y.Doc()));
      const vote = (id: string, voter: string, target: string, round = 'r1', at = 1_000) => ({
        id,
        round,
        voter,
        target,
        at,
      });
      // Two tabs of one voter spend a budget of 2 with five clicks at the same moment.
      const clicks = await Promise.all(
        ['v1', 'v2', 'v3', 'v4', 'v5'].map((id, i) => storage.addVote('b1', vote(id, 'ana', 't1', 'r1', 1_000 + i), 2)),
      );
      expect(clicks.filter(Boolean)).toHaveLength(2);
      expect(await storage.addVote('b1', vote('w1', 'bob', 't2'), 2)).toBe(true);
      expect(await storage.addVote('b1', vote('x1', 'ana', 't2', 'r2'), 2)).toBe(true); // another round
      expect(await storage.listVotes('b1', 'r1', 'ana')).toHaveLength(2);
      expect((await storage.listVotes('b1', 'r1')).map((v) => v.voter).sort()).toEqual(['ana', 'ana', 'bob']);
      expect(await storage.retractVote('b1', 'r1', 'ana', 't2')).toBe(false); // Bob's dot is not hers
      expect(await storage.retractVote('b1', 'r1', 'bob', 't2')).toBe(true);
      expect(await storage.retractVote('b1', 'r1', 'bob', 't2')).toBe(false);
      expect(await storage.listVotes('b1', 'r1')).toHaveLength(2);
      expect((await storage.listVotes('b1', 'r2'))[0]).toEqual(vote('x1', 'ana', 't2', 'r2'));
    });

    it('appends updates in one call with increasing sequence numbers and loads them in order', async () => {
      const doc = docWithText('a');
      await storage.createBoard(newBoard('b1', doc));
      const updates = [edit(doc, 'b'), edit(doc, 'c'), edit(doc, 'd')];
      const seqs = await storage.appendUpdates(
        updates.map((data, i) => ({ boardId: 'b1', data, receivedAt: 2_000 + i, actor: 'editor:x' })),
      );
      expect(seqs).toHaveLength(3);
      expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
      const loaded = (await storage.loadBoard('b1'))!;
      expect(loaded.lastSeq).toBe(seqs[2]);
      expect(rebuild(loaded).getText('t').toString()).toBe('abcd');
    });

    it('loads snapshot plus only the updates after it, and the log keeps everything', async () => {
      const doc = docWithText('a');
      await storage.createBoard(newBoard('b1', doc));
      const [seq1] = await storage.appendUpdates([
        { boardId: 'b1', data: edit(doc, 'b'), receivedAt: 2_000, actor: 'editor:1' },
      ]);
      await storage.writeSnapshot('b1', Y.encodeStateAsUpdate(doc), seq1!);
      await storage.appendUpdates([{ boardId: 'b1', data: edit(doc, 'c'), receivedAt: 3_000, actor: 'viewer:2' }]);
      const loaded = (await storage.loadBoard('b1'))!;
      expect(loaded.snapshotSeq).toBe(seq1);
      expect(loaded.updates).toHaveLength(1);
      expect(rebuild(loaded).getText('t').toString()).toBe('abc');
      const log = await storage.readUpdateLog('b1');
      expect(log.map((entry) => entry.actor)).toEqual(['facilitator:create', 'editor:1', 'viewer:2']);
      expect(log.map((entry) => entry.receivedAt)).toEqual([1_000, 2_000, 3_000]);
      expect(await storage.readUpdateLog('b1', { afterSeq: log[0]!.seq, limit: 1 })).toHaveLength(1);
    });

    it('never replaces a snapshot with an older one', async () => {
      const doc = docWithText('a');
      await storage.createBoard(newBoard('b1', doc));
      const [seq1, seq2] = await storage.appendUpdates([
        { boardId: 'b1', data: edit(doc, 'b'), receivedAt: 2_000, actor: 'editor:1' },
        { boardId: 'b1', data: edit(doc, 'c'), receivedAt: 2_001, actor: 'editor:1' },
      ]);
      await storage.writeSnapshot('b1', Y.encodeStateAsUpdate(doc), seq2!);
      await storage.writeSnapshot('b1', Y.encodeStateAsUpdate(docWithText('stale')), seq1!);
      const loaded = (await storage.loadBoard('b1'))!;
      expect(loaded.snapshotSeq).toBe(seq2);
      expect(rebuild(loaded).getText('t').toString()).toBe('abc');
    });

    it('keeps everything across close and reopen', async () => {
      const doc = docWithText('a');
      await storage.createBoard(newBoard('b1', doc));
      await storage.appendUpdates([{ boardId: 'b1', data: edit(doc, 'b'), receivedAt: 2_000, actor: 'editor:1' }]);
      await storage.close();
      storage = await h.open();
      expect(await storage.findRole('b1', 'b1-e')).toBe('editor');
      expect(
        rebuild((await storage.loadBoard('b1'))!)
          .getText('t')
          .toString(),
      ).toBe('ab');
    });

    it('keeps a board status (draft by default) and lists boards newest first', async () => {
      await storage.createBoard({ ...newBoard('b1', new Y.Doc()), createdAt: 1_000 });
      await storage.createBoard({ ...newBoard('b2', new Y.Doc()), createdAt: 2_000 });
      expect(await storage.getBoardStatus('b1')).toBe('draft');
      await storage.setBoardStatus('b1', 'published');
      expect(await storage.getBoardStatus('b1')).toBe('published');
      expect(await storage.getBoardStatus('nope')).toBeNull();
      expect(await storage.listBoards()).toEqual([
        { id: 'b2', createdAt: 2_000, status: 'draft', lastSeq: 1 },
        { id: 'b1', createdAt: 1_000, status: 'published', lastSeq: 1 },
      ]);
      // The sequence number moves with every stored update: a changed board is told apart cheaply.
      await storage.appendUpdates([
        { boardId: 'b1', data: edit(new Y.Doc(), 'x'), receivedAt: 3_000, actor: 'editor:1' },
      ]);
      expect((await storage.listBoards()).find((b) => b.id === 'b1')?.lastSeq).toBe(2);
    });

    it('stores workspace settings', async () => {
      expect(await storage.getSetting('admin-key')).toBeNull();
      await storage.setSetting('admin-key', 'hash-1');
      await storage.setSetting('admin-key', 'hash-2');
      expect(await storage.getSetting('admin-key')).toBe('hash-2');
    });

    it('keeps board summaries, newer over older, listed a page at a time in board id order', async () => {
      for (const id of ['b2', 'b1', 'B3']) await storage.createBoard(newBoard(id, docWithText(id)));
      const words = { title: 'login outage', body: 'ana' };
      await storage.saveSummary({ boardId: 'b1', coversSeq: 5, status: 'draft', body: '{"v":5}' }, words, 10);
      // An older summary (a slower process summarised an earlier state) does not replace it.
      await storage.saveSummary({ boardId: 'b1', coversSeq: 4, status: 'draft', body: '{"v":4}' }, words, 11);
      // The same state with a new status does.
      await storage.saveSummary({ boardId: 'b1', coversSeq: 5, status: 'published', body: '{"v":"5p"}' }, words, 12);
      await storage.saveSummary({ boardId: 'b2', coversSeq: 1, status: 'draft', body: '{}' }, words, 13);
      await storage.saveSummary({ boardId: 'B3', coversSeq: 1, status: 'in-review', body: '{}' }, words, 14);
      expect(await storage.listSummaries({ limit: 10 })).toEqual([
        { boardId: 'B3', coversSeq: 1, status: 'in-review', body: '{}' },
        { boardId: 'b1', coversSeq: 5, status: 'published', body: '{"v":"5p"}' },
        { boardId: 'b2', coversSeq: 1, status: 'draft', body: '{}' },
      ]);
      const page = await storage.listSummaries({ limit: 2 });
      expect(page.map((s) => s.boardId)).toEqual(['B3', 'b1']);
      expect((await storage.listSummaries({ afterId: 'b1', limit: 2 })).map((s) => s.boardId)).toEqual(['b2']);
    });

    it('finds boards by word prefixes, every word required, title matches first', async () => {
      const boards = {
        a: { title: 'checkout latency', body: 'ana ruiz cache stampede migration' },
        b: { title: 'migration stuck', body: 'jonas database lock' },
        c: { title: 'login outage', body: 'migrations were run by hand eu west 1' },
      };
      for (const [id, words] of Object.entries(boards)) {
        await storage.createBoard(newBoard(id, docWithText(id)));
        await storage.saveSummary({ boardId: id, coversSeq: 1, status: 'draft', body: '{}' }, words, 1);
      }
      // "migration" also finds "migrations"; the board with it in its title comes first.
      expect((await storage.searchBoards(['migration'], 10))[0]).toBe('b');
      expect((await storage.searchBoards(['migrat'], 10)).sort()).toEqual(['a', 'b', 'c']);
      expect(await storage.searchBoards(['migrations'], 10)).toEqual(['c']);
      expect(await storage.searchBoards(['ana', 'stamp'], 10)).toEqual(['a']);
      expect(await storage.searchBoards(['ana', 'lock'], 10)).toEqual([]);
      expect(await storage.searchBoards(['eu', 'west', '1'], 10)).toEqual(['c']);
      expect(await storage.searchBoards(['migrat'], 1)).toHaveLength(1);
      // Words only: anything else is not passed on as query syntax.
      expect(await storage.searchBoards(['"', 'or', '*'], 10)).toEqual([]);
      expect(await storage.searchBoards([], 10)).toEqual([]);
      // A new summary replaces what the board is found by.
      await storage.saveSummary(
        { boardId: 'b', coversSeq: 2, status: 'draft', body: '{}' },
        { title: 'renamed', body: '' },
        2,
      );
      expect((await storage.searchBoards(['migration'], 10)).sort()).toEqual(['a', 'c']);
      expect(await storage.searchBoards(['renam'], 10)).toEqual(['b']);
    });

    it('reports itself writable', async () => {
      await expect(storage.checkWritable()).resolves.toBeUndefined();
    });
  });
}
