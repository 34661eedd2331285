import type { DraftContent, DraftView, SilentRoundState } from '@retrace/shared';
import { request } from './api';

/** What the facilitator's review shows: the round and every draft (no authors when anonymous). */
export interface RoundReview {
  readonly round: SilentRoundState;
  readonly drafts: readonly DraftView[];
}

export interface RevealOutcome {
  readonly revealed: number;
  readonly discarded: number;
  /** Drafts placed in the lanes the facilitator chose. */
  readonly placed: number;
}

const boardPath = (boardId: string) => `/api/boards/${encodeURIComponent(boardId)}`;

/** A participant's drafts, reached with the board link and this browser's writer secret. */
export function draftsApi(boardId: string, token: string, writerSecret: string) {
  const headers = { authorization: `Bearer ${token}`, 'x-retrace-writer': writerSecret };
  return {
    list: () => request<{ drafts: DraftView[] }>(`${boardPath(boardId)}/drafts`, { headers }).then((b) => b.drafts),
    save: (id: string, content: DraftContent) =>
      request<{ draft: DraftView }>(`${boardPath(boardId)}/drafts/${encodeURIComponent(id)}`, {
        method: 'PUT',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify(content),
      }).then((b) => b.draft),
    remove: (id: string) =>
      request<unknown>(`${boardPath(boardId)}/drafts/${encodeURIComponent(id)}`, { method: 'DELETE', headers }),
  };
}

/** The facilitator's side of the round. */
export function silentRoundApi(boardId: string, facilitatorToken: string) {
  const headers = { authorization: `Bearer ${facilitatorToken}`, 'content-type': 'application/json' };
  const post = <T>(path: string, body: unknown) =>
    request<T>(`${boardPath(boardId)}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
  return {
    start: (anonymous: boolean) => post<{ round: SilentRoundState }>('/silent-round', { action: 'start', anonymous }),
    review: (anonymous: boolean) => post<RoundReview>('/silent-round', { action: 'review', anonymous }),
    resume: () => post<{ round: SilentRoundState }>('/silent-round', { action: 'resume' }),
    cancel: () => post<{ round: SilentRoundState }>('/silent-round', { action: 'cancel' }),
    drafts: () => request<RoundReview>(`${boardPath(boardId)}/silent-round/drafts`, { headers }),
    reveal: (
      round: number,
      discard: readonly string[],
      anonymous: boolean,
      placements: Readonly<Record<string, string>> = {},
    ) => post<RevealOutcome>('/silent-round/reveal', { round, discard, anonymous, placements }),
  };
}
