import type {
  BoardStatus,
  InitiativeProgress,
  LibraryPage,
  LibrarySort,
  ScopePreset,
  ScopedInsights,
} from '@retrace/shared';
import { ApiError } from '../../lib/api';
import { boardLink } from '../../lib/route';

/**
 * Admin endpoints. Signing in trades the key for an HttpOnly session cookie: the key is not
 * kept anywhere in the browser, and never goes into a URL.
 */
async function adminFetch(path: string, init: RequestInit = {}): Promise<Response> {
  const response = await fetch(path, { ...init, credentials: 'same-origin' });
  if (!response.ok) {
    const body = (await response.json().catch(() => ({}))) as { error?: string };
    throw new ApiError(response.status, body.error ?? `request failed (${response.status})`);
  }
  return response;
}

const json = (body: unknown): RequestInit => ({
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

export async function signedIn(): Promise<boolean> {
  return ((await (await adminFetch('/api/admin/session')).json()) as { signedIn: boolean }).signedIn;
}

export async function signIn(key: string): Promise<void> {
  await adminFetch('/api/admin/session', { method: 'POST', ...json({ key }) });
}

export async function signOut(): Promise<void> {
  await adminFetch('/api/admin/session', { method: 'DELETE' });
}

/** A new admin key, shown once; the old one and every other session stop working. */
export async function replaceAdminKey(): Promise<string> {
  return ((await (await adminFetch('/api/admin/key', { method: 'POST' })).json()) as { key: string }).key;
}

/** Opens a board from the library with a view-only link minted for this visit. */
export async function openBoardFromLibrary(boardId: string): Promise<void> {
  const { token } = (await (
    await adminFetch(`/api/library/boards/${encodeURIComponent(boardId)}/link`, { method: 'POST' })
  ).json()) as { token: string };
  window.location.assign(boardLink(window.location.origin, boardId, token));
}

/** An initiative with the actions it groups, as the boards say now, and its progress. */
export type Initiative = InitiativeProgress;

export async function fetchLibrary(
  request: {
    query: string;
    status: BoardStatus | 'all';
    sort: LibrarySort;
    order: 'asc' | 'desc';
    offset: number;
    limit: number;
  },
  signal?: AbortSignal,
): Promise<LibraryPage> {
  const params = new URLSearchParams({
    q: request.query,
    status: request.status,
    sort: request.sort,
    order: request.order,
    offset: String(request.offset),
    limit: String(request.limit),
  });
  return (await adminFetch(`/api/library?${params}`, signal ? { signal } : {})).json();
}

/** The period insights cover: a preset, or a custom range of UTC dates (YYYY-MM-DD, both included). */
export type InsightsPeriod = { preset: ScopePreset } | { from: string; to: string };

function periodQuery(period: InsightsPeriod): string {
  return `?${new URLSearchParams('preset' in period ? { scope: period.preset } : { from: period.from, to: period.to })}`;
}

export async function fetchInsights(
  period: InsightsPeriod = { preset: 'all' },
): Promise<ScopedInsights & { initiatives: Initiative[] }> {
  return (await adminFetch(`/api/insights${periodQuery(period)}`)).json();
}

export async function fetchInsightsText(
  format: 'csv' | 'md',
  period: InsightsPeriod = { preset: 'all' },
): Promise<string> {
  return (await adminFetch(`/api/insights.${format}${periodQuery(period)}`)).text();
}

export async function createInitiative(name: string): Promise<Initiative> {
  return (await adminFetch('/api/initiatives', { method: 'POST', ...json({ name }) })).json();
}

export async function updateInitiative(id: string, change: Record<string, unknown>): Promise<Initiative> {
  return (await adminFetch(`/api/initiatives/${encodeURIComponent(id)}`, { method: 'PATCH', ...json(change) })).json();
}
