import type { ControlState } from '@retrace/shared';
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { MyVotes, VotingApi } from '../lib/votingApi';

export interface VoteBookState {
  /** The round my dots below belong to (null before the first answer). */
  readonly round: string | null;
  readonly mine: Readonly<Record<string, number>>;
  readonly left: number;
  /** A click on its way to the server. */
  readonly busy: boolean;
  /** Why the last click was refused, in the server's words. */
  readonly error: string | null;
}

/**
 * My dots in the open round. The server holds them and knows whose they are; this keeps
 * the last answer, asks again whenever the round changes, and shows a click at once
 * (taken back if the server refuses it).
 */
export class VoteBook {
  readonly state: StoreApi<VoteBookState>;
  private readonly stops: Array<() => void> = [];
  private fetched: string | null = null;

  constructor(
    control: { state: StoreApi<ControlState>; synced: StoreApi<boolean> },
    private readonly api: VotingApi,
  ) {
    this.state = createStore<VoteBookState>(() => ({ round: null, mine: {}, left: 0, busy: false, error: null }));
    const follow = () => {
      if (!control.synced.getState()) return;
      const { round, open } = control.state.getState().voting;
      const key = `${round}:${open}`;
      if (key === this.fetched) return;
      this.fetched = key;
      if (round === null) this.state.setState({ round, mine: {}, left: 0, error: null });
      else void this.refresh();
    };
    this.stops.push(control.state.subscribe(follow), control.synced.subscribe(follow));
    follow();
  }

  /** Asks the server for my dots again (the round changed, or the network came back). */
  async refresh(): Promise<void> {
    try {
      this.take(await this.api.mine());
    } catch {
      this.fetched = null; // asked again on the next change (a view-only link is refused: it has no dots)
    }
  }

  cast(target: string): Promise<void> {
    return this.click(target, +1, () => this.api.cast(target, this.state.getState().round));
  }

  retract(target: string): Promise<void> {
    return this.click(target, -1, () => this.api.retract(target, this.state.getState().round));
  }

  destroy(): void {
    for (const stop of this.stops.splice(0)) stop();
  }

  private async click(target: string, change: 1 | -1, send: () => Promise<MyVotes>): Promise<void> {
    const before = this.state.getState();
    const count = (before.mine[target] ?? 0) + change;
    this.state.setState({
      mine: { ...before.mine, [target]: Math.max(0, count) },
      left: Math.max(0, before.left - change),
      busy: true,
      error: null,
    });
    try {
      this.take(await send());
    } catch (error) {
      this.state.setState({ mine: before.mine, left: before.left, busy: false, error: (error as Error).message });
      void this.refresh();
    }
  }

  private take(answer: MyVotes): void {
    this.state.setState({
      round: answer.voting.round,
      mine: answer.mine,
      left: answer.left,
      busy: false,
      error: null,
    });
  }
}
