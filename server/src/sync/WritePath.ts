import { randomBytes } from 'node:crypto';
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
 *   broadcast  here, once storage took it, to every other connection of the room: one
 *              frame, encoded once, the same buffer for everyone
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
  };
}

export class WritePath {
  constructor(private readonly deps: WritePathDeps) {}

  /** An update this process accepted (from `sender`, or the server's own change when null). */
  accept(update: Uint8Array, sender: object | null, actor: string): void {
    if (sender) this.deps.events?.updateReceived(update.byteLength);
    const record: UpdateRecord = { boardId: this.deps.boardId, data: update, receivedAt: this.deps.now(), actor };
    void this.deps.writer.write(record).then((result) => {
      const recipients = this.deps.broadcast(encodeUpdate(update), sender);
      this.deps.events?.updateBroadcast(recipients);
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

  /** An update another process accepted, now in this room's document: only local clients need it. */
  forward(update: Uint8Array): void {
    this.deps.events?.updateBroadcast(this.deps.broadcast(encodeUpdate(update), null));
  }
}
