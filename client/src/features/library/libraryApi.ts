import type { BoardStatus, BoardSummary, Insights } from '@retrace/shared';
import { ApiError } from '../../lib/api';

/** Admin endpoints; the key travels in a header and lives only in this tab's session storage. */
const KEY = 'retrace.adminKey';

export const adminKeyStore = {
  get: () => sessionStorage.getItem(KEY),
  set: (key: string) => sessionStorage.setItem(KEY, key),
  clear: () => sessionStorage.removeItem(KEY),
};

async function adminFetch(path: string, key: string, init: RequestInit = {}): Promise<Response> {
  const response = await fetch(path, { ...init, headers: { ...init.headers, authorization: `Bearer ${key}` } });
  if (!response.ok) {
    const body = (await response.json().catch(() => ({}))) as { error?: string };
    throw new ApiError(response.status, body.error ?? `request failed (${response.status})`);
  }
  return response;
}

export interface Initiative {
  readonly id: string;
  readonly name: string;
  readonly status: 'proposed' | 'in-progress' | 'done';
  readonly actions: ReadonlyArray<{ boardId: string; actionId: string }>;
}

export async function fetchLibrary(
  key: string,
  query: string,
  status: BoardStatus | 'all',
): Promise<{ boards: BoardSummary[]; total: number }> {
  const params = new URLSearchParams({ q: query, status });
  return (await adminFetch(`/api/library?${params}`, key)).json();
}

export async function fetchInsights(key: string): Promise<Insights & { initiatives: Initiative[] }> {
  return (await adminFetch('/api/insights', key)).json();
}

export async function fetchInsightsText(key: string, format: 'csv' | 'md'): Promise<string> {
  return (await adminFetch(`/api/insights.${format}`, key)).text();
}

export async function createInitiative(key: string, name: string): Promise<Initiative> {
  return (
    await adminFetch('/api/initiatives', key, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name }),
    })
  ).json();
}

export async function updateInitiative(key: string, id: string, change: Record<string, unknown>): Promise<Initiative> {
  return (
    await adminFetch(`/api/initiatives/${encodeURIComponent(id)}`, key, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(change),
    })
  ).json();
}
