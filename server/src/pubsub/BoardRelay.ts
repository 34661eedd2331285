/**
 * How server processes that share boards tell each other about updates and presence.
 * A relay is fast but may lose messages (Redis pub/sub does when a subscriber lags or
 * reconnects): rooms also catch up from shared storage by sequence number, so a lost
 * message only delays an edit, never loses it.
 */
export interface RelayedUpdate {
  /** `revoke`: a replaced link; `data` is the JSON list of its token hashes. */
  readonly kind: 'update' | 'awareness' | 'revoke';
  /** Storage sequence number of an update (0 when not yet stored, or for awareness). */
  readonly seq: number;
  readonly data: Uint8Array;
}

export interface BoardRelay {
  /** Receives other processes' messages for a board; returns an unsubscribe function. */
  subscribe(boardId: string, onMessage: (message: RelayedUpdate) => void): () => void;
  publish(boardId: string, message: RelayedUpdate): void;
  /** Called after the relay (re)connects: messages may have been missed meanwhile. */
  onReconnect(listener: () => void): void;
  close(): Promise<void>;
}
