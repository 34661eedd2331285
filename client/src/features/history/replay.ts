import { readBoard, type BoardSnapshot } from '@retrace/shared';
import * as Y from 'yjs';
import type { LogEntryJson } from '../../lib/api';

export function decodeBase64(data: string): Uint8Array {
  return Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
}

/**
 * Rebuilds the board as it was after the first `count` log entries. Moving forward from
 * the previous position applies only the new entries; moving back starts again.
 */
export class Replayer {
  private doc = new Y.Doc();
  private applied = 0;

  constructor(private readonly entries: readonly LogEntryJson[]) {}

  at(count: number): BoardSnapshot {
    const target = Math.max(0, Math.min(count, this.entries.length));
    if (target < this.applied) {
      this.doc.destroy();
      this.doc = new Y.Doc();
      this.applied = 0;
    }
    this.doc.transact(() => {
      for (; this.applied < target; this.applied++)
        Y.applyUpdate(this.doc, decodeBase64(this.entries[this.applied]!.data));
    });
    return readBoard(this.doc);
  }

  destroy(): void {
    this.doc.destroy();
  }
}
