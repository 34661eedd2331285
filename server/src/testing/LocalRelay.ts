import type { BoardRelay, RelayMessage } from '../pubsub/BoardRelay';

/**
 * A relay between endpoints in one process, for unit tests of what rooms do with relayed
 * messages (tests across real processes use Redis). `hub.endpoint()` is one "process";
 * `dropAll` loses messages the way a lagging pub/sub subscriber does.
 */
export class LocalRelayHub {
  private readonly endpoints = new Set<LocalRelay>();
  dropAll = false;

  endpoint(): LocalRelay {
    const relay = new LocalRelay(this);
    this.endpoints.add(relay);
    return relay;
  }

  deliver(from: LocalRelay, boardId: string, message: RelayMessage): void {
    if (this.dropAll) return;
    for (const endpoint of this.endpoints) if (endpoint !== from) endpoint.receive(boardId, message);
  }
}

export class LocalRelay implements BoardRelay {
  private readonly handlers = new Map<string, Set<(message: RelayMessage) => void>>();
  readonly published: Array<{ boardId: string; message: RelayMessage }> = [];

  constructor(private readonly hub: LocalRelayHub) {}

  subscribe(boardId: string, onMessage: (message: RelayMessage) => void): () => void {
    const set = this.handlers.get(boardId) ?? new Set();
    set.add(onMessage);
    this.handlers.set(boardId, set);
    return () => set.delete(onMessage);
  }

  publish(boardId: string, message: RelayMessage): void {
    this.published.push({ boardId, message });
    this.hub.deliver(this, boardId, message);
  }

  receive(boardId: string, message: RelayMessage): void {
    for (const handler of this.handlers.get(boardId) ?? []) handler(message);
  }

  onReconnect(): void {}

  async close(): Promise<void> {}
}
