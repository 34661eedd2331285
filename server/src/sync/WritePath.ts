import { randomBytes } from 'node:crypto';
import * as Y from 'yjs';
import type { UpdateRecord } from '../storage/BoardStorage';
import type { UpdateWriter } from '../storage/UpdateWriter';
import { encodeUpdate } from './messages';
import type { RelayLink } from './RelayLink';

/**
 * The write path of one room, in order: receive → validate → store → broadcast → relay.
 *
 *   receive    Room.receive decodes the client's frame (messages.ts)
 *   validate   UpdateIntake admits it and applies it to the document, or holds or refuses it
 *   store      here: the document's update (Yjs's own encoding of what changed) goes to the
 *              UpdateWriter, which batches one transaction per event-loop turn
 *   broadcast  here, once storage took it, to every other connection of the room: the
 *              updates of one stored batch merged into one frame, encoded once, the same
 *              buffer for everyone
 *   relay      here, to the other processes sharing the board (RelayLink), with its
 *              sequence number
 *
 * Durable before visible, in outages too: when storage is slow or down, the writer answers
 * after a short wait with "not stored yet"; the update is then broadcast and relayed with
 * seq 0 while the writer keeps it queued (and every process that received it holds a copy,
 * see RelayLink). Once stored, a `stored` notice lets the others drop their copies.
 */

export interface WritePathDeps {
  readonly boardId: string;
  readonly writer: UpdateWriter;
  readonly now: () => number;
  /** Sends `frame` to every connection of the room but `except`; returns how many got it. */
  readonly broadcast: (frame: Uint8Array, except: unknown) => number;
  readonly relay: () => RelayLink | null;
  readonly events?: {
    updateReceived(bytes: number): void;
    updateBroadcast(recipients: number): void;
    updateStage(stage: 'store' | 'broadcast', seconds: number): void;
  };
}

export class WritePath {
  /** Updates storage took (or that waited long enough) in this moment, to broadcast together. */
  private outbox: Array<{ readonly update: Uint8Array; readonly sender: object | null }> = [];
  private flushQueued = false;

  constructor(private readonly deps: WritePathDeps) {}

  /** An update this process accepted (from `sender`, or the server's own change when null). */
  accept(update: Uint8Array, sender: object | null, actor: string): void {
    if (sender) this.deps.events?.updateReceived(update.byteLength);
    const record: UpdateRecord = { boardId: this.deps.boardId, data: update, receivedAt: this.deps.now(), actor };
    const queued = performance.now();
    void this.deps.writer.write(record).then((result) => {
      this.deps.events?.updateStage('store', (performance.now() - queued) / 1000);
      this.queueBroadcast(update, sender);
      const relay = this.deps.relay();
      if (!relay) return;
      const id = randomBytes(8).toString('hex');
      relay.publishUpdate({
        kind: 'update',
        seq: result.seq ?? 0,
        id,
        data: update,
        actor,
        receivedAt: record.receivedAt,
      });
      if (!result.durable) void result.stored.then((seq) => relay.publish({ kind: 'stored', id, seq }));
    });
  }

  /**
   * The writer answers every update of a stored batch in one go; they leave as one merged
   * update per board, one message per connection, instead of one message per update per
   * connection (on a busy board, several people's edits share each commit). Sent to every
   * connection, its authors included when the batch mixes authors: receiving one's own
   * update back changes nothing, as with the y-websocket server.
   */
  private queueBroadcast(update: Uint8Array, sender: object | null): void {
    this.outbox.push({ update, sender });
    if (this.flushQueued) return;
    this.flushQueued = true;
    // After the other answers of this batch, which are already queued as microtasks.
    queueMicrotask(() => this.flush());
  }

  private flush(): void {
    const batch = this.outbox;
    this.outbox = [];
    this.flushQueued = false;
    const started = performance.now();
    const first = batch[0]!;
    const oneSender = batch.every((entry) => entry.sender === first.sender);
    const merged = batch.length === 1 ? first.update : Y.mergeUpdates(batch.map((entry) => entry.update));
    const recipients = this.deps.broadcast(encodeUpdate(merged), oneSender ? first.sender : null);
    this.deps.events?.updateStage('broadcast', (performance.now() - started) / 1000);
    this.deps.events?.updateBroadcast(recipients * batch.length);
  }

  /** An update another process accepted, now in this room's document: only local clients need it. */
  forward(update: Uint8Array): void {
    this.deps.events?.updateBroadcast(this.deps.broadcast(encodeUpdate(update), null));
  }
}
