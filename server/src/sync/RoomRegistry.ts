import { controlRoomOf } from '@retrace/shared';
import type { Logger } from '../logger';
import type { BoardRelay } from '../pubsub/BoardRelay';
import type { BoardStorage } from '../storage/BoardStorage';
import type { UpdateWriter } from '../storage/UpdateWriter';
import type { HeavyWork } from '../workers/HeavyWork';
import { Room, type RoomEvents, type RoomSettings, type ServerStatus } from './Room';

export interface RoomRegistryDeps {
  readonly storage: BoardStorage;
  readonly writer: UpdateWriter;
  readonly heavy: HeavyWork;
  readonly settings: RoomSettings;
  readonly log: Logger;
  readonly now: () => number;
  readonly events?: RoomEvents;
  readonly relay?: BoardRelay;
}

/** The open boards of this process: one Room per board, created on first use. */
export class RoomRegistry {
  private readonly rooms = new Map<string, Room>();
  private status: ServerStatus = { saving: true };

  constructor(private readonly deps: RoomRegistryDeps) {
    // Messages may have been lost while the relay was away: every open board catches up.
    deps.relay?.onReconnect(() => {
      for (const room of this.rooms.values()) void room.catchUp();
    });
  }

  get openCount(): number {
    return this.rooms.size;
  }

  get(boardId: string): Room | undefined {
    return this.rooms.get(boardId);
  }

  all(): Room[] {
    return [...this.rooms.values()];
  }

  /**
   * The room for a board, creating (and starting to load) it when absent. A room that is
   * unloading is waited for, then replaced by a fresh one that reads what it flushed.
   */
  async acquire(boardId: string): Promise<Room> {
    for (;;) {
      const existing = this.rooms.get(boardId);
      if (!existing) break;
      if (existing.state === 'loading' || existing.state === 'ready') return existing;
      await existing.unloaded;
    }
    const room = new Room(boardId, {
      ...this.deps,
      onUnloaded: (closed) => {
        if (this.rooms.get(boardId) === closed) this.rooms.delete(boardId);
      },
    });
    this.rooms.set(boardId, room);
    if (!this.status.saving) void room.loaded.then((ok) => ok && room.setServerStatus(this.status));
    return room;
  }

  /** Tells every open board (and boards opened later) whether edits are being saved. */
  setServerStatus(status: ServerStatus): void {
    this.status = status;
    for (const room of this.rooms.values()) if (room.state === 'ready') room.setServerStatus(status);
  }

  setBoardStatus(boardId: string, status: Parameters<Room['setBoardStatus']>[0]): void {
    const room = this.rooms.get(boardId);
    if (room?.state === 'ready') room.setBoardStatus(status);
  }

  /**
   * Closes a board's connections that use any of `tokenHashes`, in the board's room and in
   * its control room (same links), and tells the other processes to do the same; returns
   * how many closed here.
   */
  closeConnectionsWithTokens(
    boardId: string,
    tokenHashes: ReadonlySet<string>,
    reason: { code: number; reason: string },
  ): number {
    const rooms = [boardId, controlRoomOf(boardId)];
    if (this.deps.relay && tokenHashes.size > 0) {
      for (const roomId of rooms) this.deps.relay.publish(roomId, { kind: 'revoke', tokenHashes: [...tokenHashes] });
    }
    return rooms.reduce(
      (closed, roomId) => closed + (this.rooms.get(roomId)?.closeConnectionsWithTokens(tokenHashes, reason) ?? 0),
      0,
    );
  }

  /** Routes a stored update's sequence number to its room (compaction bookkeeping). */
  noteStored(boardId: string, seq: number): void {
    this.rooms.get(boardId)?.noteStored(seq);
  }

  /** Closes every connection with `reason` (clients reconnect elsewhere or later). */
  closeAll(reason: { code: number; reason: string }): void {
    for (const room of this.rooms.values()) room.close(reason);
  }
}
