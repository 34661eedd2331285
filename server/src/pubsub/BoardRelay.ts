/**
 * How server processes that share boards tell each other about updates and presence.
 * A relay is fast but may lose messages (Redis pub/sub does when a subscriber lags or
 * reconnects): rooms also catch up from shared storage by sequence number, so a lost
 * message only delays an edit, never loses it.
 */
export type RelayMessage =
  /**
   * An update one process accepted. `seq` > 0: stored under that sequence number.
   * `seq` = 0: shown to participants before storage took it (storage slow or down); every
   * process that applies it also holds a copy and stores it unless a `stored` notice with
   * the same `id` arrives first, so the edit survives the death of the process that took it.
   */
  | {
      readonly kind: 'update';
      readonly seq: number;
      readonly id: string;
      readonly data: Uint8Array;
      readonly actor: string;
      readonly receivedAt: number;
    }
  /** The update `id`, relayed earlier with seq 0, is now stored as `seq`. */
  | { readonly kind: 'stored'; readonly id: string; readonly seq: number }
  /** Presence entries (y-protocols awareness encoding). */
  | { readonly kind: 'awareness'; readonly data: Uint8Array }
  /** A replaced link: connections that used one of these token hashes must close. */
  | { readonly kind: 'revoke'; readonly tokenHashes: readonly string[] };

export interface BoardRelay {
  /** Receives other processes' messages for a board; returns an unsubscribe function. */
  subscribe(boardId: string, onMessage: (message: RelayMessage) => void): () => void;
  publish(boardId: string, message: RelayMessage): void;
  /** Called after the relay (re)connects: messages may have been missed meanwhile. */
  onReconnect(listener: () => void): void;
  close(): Promise<void>;
}
