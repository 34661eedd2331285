import {
  NO_SILENT_ROUND,
  newId,
  type ControlState,
  type Draft,
  type DraftContent,
  type SilentRoundState,
} from '@retrace/shared';
import { createStore, type StoreApi } from 'zustand/vanilla';
import { ApiError } from '../lib/api';
import type { draftsApi } from '../lib/silentRoundApi';

/** One of my drafts: `saved` once the server holds it (until then it lives only in this browser). */
export interface LocalDraft extends Draft {
  readonly round: number;
  readonly saved: boolean;
}

export interface DraftBookState {
  readonly drafts: readonly LocalDraft[];
  /** Why a draft could not be saved (the round closed, a limit), in words for the writer. */
  readonly error: string | null;
}

type DraftsApi = ReturnType<typeof draftsApi>;

const RETRY_MS = 3_000;

/** Exactly what the server takes for a draft (it refuses unknown fields). */
function contentOf(draft: DraftContent): DraftContent {
  const { text, laneId, occurredAt, precision, kind, author } = draft;
  return { text, laneId, occurredAt, precision, kind, author };
}

/**
 * My private drafts during a silent writing round. They go to the server (which shows them
 * to nobody until the reveal), are kept in localStorage until it confirms them (a sleeping
 * laptop or a reload loses nothing), and follow the round: fetched when it opens, cleared
 * when it is revealed or cancelled.
 */
export class DraftBook {
  readonly state: StoreApi<DraftBookState>;
  private round: SilentRoundState = NO_SILENT_ROUND;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private flushing = false;
  private flushAgain = false;
  private readonly stops: Array<() => void> = [];
  private readonly roundEndListeners: Set<(draftIds: readonly string[]) => void>;
  private readonly key: string;

  constructor(
    boardId: string,
    control: { state: StoreApi<ControlState>; synced: StoreApi<boolean> },
    private readonly api: DraftsApi,
    private readonly storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> = localStorage,
  ) {
    this.key = `retrace.drafts.${boardId}`;
    this.roundEndListeners = new Set();
    this.state = createStore<DraftBookState>(() => ({ drafts: this.loadLocal(), error: null }));
    const follow = () => {
      // Before the first sync the control state is only defaults: nothing to act on yet.
      if (!control.synced.getState()) return;
      const next = control.state.getState().silentRound;
      if (next.round === this.round.round && next.stage === this.round.stage) return;
      this.round = next;
      void this.followRound();
    };
    this.stops.push(control.state.subscribe(follow), control.synced.subscribe(follow));
    follow();
  }

  /** Called with my draft ids when a round ends (revealed: cards with these ids; cancelled: none). */
  onRoundEnded(listener: (draftIds: readonly string[]) => void): () => void {
    this.roundEndListeners.add(listener);
    return () => this.roundEndListeners.delete(listener);
  }

  /** Keeps a new draft (the round must be open for writing). */
  add(content: DraftContent): LocalDraft {
    const draft: LocalDraft = { ...content, id: newId(), round: this.round.round, saved: false };
    this.set({ drafts: [...this.state.getState().drafts, draft], error: null });
    void this.flush();
    return draft;
  }

  /** Changes a draft's text (sent again; kept here until the server confirms). */
  update(id: string, text: string): void {
    const trimmed = text.trim();
    if (!trimmed) return;
    this.set({
      drafts: this.state.getState().drafts.map((d) => (d.id === id ? { ...d, text: trimmed, saved: false } : d)),
      error: null,
    });
    void this.flush();
  }

  async remove(id: string): Promise<void> {
    const draft = this.state.getState().drafts.find((d) => d.id === id);
    if (!draft) return;
    try {
      if (draft.saved) await this.api.remove(id);
    } catch (error) {
      if (!(error instanceof ApiError && error.status === 404)) {
        this.set({ error: `Could not delete the draft: ${(error as Error).message}` });
        return;
      }
    }
    this.set({ drafts: this.state.getState().drafts.filter((d) => d.id !== id) });
  }

  private async followRound(): Promise<void> {
    const { round, stage } = this.round;
    if (stage === 'idle') {
      // Revealed (they are cards now, with the same ids) or cancelled.
      const ids = this.state.getState().drafts.map((d) => d.id);
      this.set({ drafts: [], error: null });
      if (ids.length > 0) for (const listener of this.roundEndListeners) listener(ids);
      return;
    }
    const mine = this.state.getState().drafts.filter((d) => d.round === round);
    try {
      const stored = await this.api.list();
      const storedIds = new Set(stored.map((d) => d.id));
      const unsaved = mine.filter((d) => !d.saved && !storedIds.has(d.id));
      const held = stored.map((d): LocalDraft => ({ ...contentOf(d), id: d.id, round, saved: true }));
      this.set({ drafts: [...held, ...unsaved] });
    } catch {
      this.set({ drafts: mine });
    }
    if (stage === 'writing') void this.flush();
  }

  /** Sends every unsaved draft of the open round; retries later when the network is away. */
  private async flush(): Promise<void> {
    if (this.round.stage !== 'writing') return;
    if (this.flushing) {
      this.flushAgain = true; // a draft added meanwhile is sent right after
      return;
    }
    this.flushing = true;
    this.flushAgain = false;
    try {
      for (const draft of this.state.getState().drafts) {
        if (draft.saved || draft.round !== this.round.round) continue;
        const { id } = draft;
        try {
          await this.api.save(id, contentOf(draft));
          this.set({ drafts: this.state.getState().drafts.map((d) => (d.id === id ? { ...d, saved: true } : d)) });
        } catch (error) {
          if (error instanceof ApiError && error.status < 500) {
            this.set({ error: `“${draft.text.slice(0, 40)}” was not saved: ${error.message}` });
            continue;
          }
          this.scheduleRetry();
          return;
        }
      }
    } finally {
      this.flushing = false;
    }
    if (this.flushAgain) void this.flush();
  }

  private scheduleRetry(): void {
    if (this.retryTimer) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.flush();
    }, RETRY_MS);
  }

  private set(patch: Partial<DraftBookState>): void {
    this.state.setState(patch);
    const drafts = this.state.getState().drafts;
    if (drafts.length === 0) this.storage.removeItem(this.key);
    else this.storage.setItem(this.key, JSON.stringify(drafts));
  }

  private loadLocal(): LocalDraft[] {
    try {
      const value = JSON.parse(this.storage.getItem(this.key) ?? '[]') as unknown;
      return Array.isArray(value) ? (value as LocalDraft[]).filter((d) => typeof d?.id === 'string') : [];
    } catch {
      return [];
    }
  }

  destroy(): void {
    for (const stop of this.stops) stop();
    if (this.retryTimer) clearTimeout(this.retryTimer);
  }
}
