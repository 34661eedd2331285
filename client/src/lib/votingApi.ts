import type { Seat, VoteSubject, VotingState } from '@retrace/shared';
import { request } from './api';

/** My dots in the current round, as the server counts them. */
export interface MyVotes {
  readonly voting: VotingState;
  readonly mine: Readonly<Record<string, number>>;
  readonly left: number;
}

const boardPath = (boardId: string) => `/api/boards/${encodeURIComponent(boardId)}`;

/** Dot voting through the server, with the board link and this browser's secret (which make my seat). */
export function votingApi(boardId: string, token: string, writerSecret: string) {
  const headers = {
    authorization: `Bearer ${token}`,
    'x-retrace-writer': writerSecret,
    'content-type': 'application/json',
  };
  const votes = `${boardPath(boardId)}/votes`;
  const dot = (method: 'POST' | 'DELETE', target: string, round: string | null) =>
    request<MyVotes>(votes, { method, headers, body: JSON.stringify({ target, round }) });
  return {
    mine: () => request<MyVotes>(votes, { headers }),
    cast: (target: string, round: string | null) => dot('POST', target, round),
    retract: (target: string, round: string | null) => dot('DELETE', target, round),
    seat: () => request<{ seat: Seat }>(`${boardPath(boardId)}/seat`, { headers }).then((b) => b.seat),
    /** The facilitator's controls. */
    open: (budget: number, on: VoteSubject, closeAtTimeUp: boolean) =>
      request<{ voting: VotingState }>(`${boardPath(boardId)}/voting`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ action: 'open', budget, on, closeAtTimeUp }),
      }),
    change: (action: 'close' | 'clear') =>
      request<{ voting: VotingState }>(`${boardPath(boardId)}/voting`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ action }),
      }),
  };
}

export type VotingApi = ReturnType<typeof votingApi>;
