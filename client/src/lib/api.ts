import type { BoardMeta, BoardStatus, Role } from '@retrace/shared';

export interface CreatedBoard {
  readonly id: string;
  readonly tokens: Record<Role, string>;
}

export interface CreateBoardRequest {
  readonly title: string;
  readonly timeZone?: string;
  readonly startedAt?: number;
  readonly resolvedAt?: number;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export async function request<T>(path: string, init: RequestInit): Promise<T> {
  const response = await fetch(path, init);
  const body = (await response.json().catch(() => ({}))) as { error?: string };
  if (!response.ok) throw new ApiError(response.status, body.error ?? `request failed (${response.status})`);
  return body as T;
}

export function createBoard(input: CreateBoardRequest): Promise<CreatedBoard> {
  return request('/api/boards', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(input),
  });
}

export function createDemoBoard(): Promise<CreatedBoard> {
  return request('/api/demo-boards', { method: 'POST' });
}

export function rotateLink(
  boardId: string,
  facilitatorToken: string,
  role: Role,
): Promise<{ role: Role; token: string }> {
  return request(`/api/boards/${encodeURIComponent(boardId)}/links/${role}/rotate`, {
    method: 'POST',
    headers: { authorization: `Bearer ${facilitatorToken}` },
  });
}

/** A co-host's facilitator link, beside the current one. */
export function addCoHostLink(boardId: string, facilitatorToken: string): Promise<{ role: Role; token: string }> {
  return request(`/api/boards/${encodeURIComponent(boardId)}/links/facilitator/add`, {
    method: 'POST',
    headers: { authorization: `Bearer ${facilitatorToken}` },
  });
}

export function fetchBoard(boardId: string, token: string): Promise<{ id: string; role: Role; meta: BoardMeta }> {
  return request(`/api/boards/${encodeURIComponent(boardId)}`, { headers: { authorization: `Bearer ${token}` } });
}

/** `changes.md` is the record of changes from the server's update log. */
export type ReportFormat = 'md' | 'html' | 'json' | 'changes.md';

/** A board's report as text; the token goes in a header, never in the URL. */
export async function fetchReport(boardId: string, token: string, format: ReportFormat): Promise<string> {
  const response = await fetch(`/api/boards/${encodeURIComponent(boardId)}/report.${format}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  if (!response.ok) {
    const body = (await response.json().catch(() => ({}))) as { error?: string };
    throw new ApiError(response.status, body.error ?? `report failed (${response.status})`);
  }
  return response.text();
}

export function setBoardStatus(boardId: string, token: string, status: BoardStatus): Promise<{ status: BoardStatus }> {
  return request(`/api/boards/${encodeURIComponent(boardId)}/status`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ status }),
  });
}

export interface LogEntryJson {
  readonly seq: number;
  readonly receivedAt: number;
  readonly actor: string;
  readonly data: string;
}

/** The whole stored log, a page at a time (the server answers long logs in pages). */
export async function fetchBoardLog(boardId: string, token: string): Promise<LogEntryJson[]> {
  const entries: LogEntryJson[] = [];
  for (let after = 0; ;) {
    const page = await request<{ entries: LogEntryJson[]; next: number | null }>(
      `/api/boards/${encodeURIComponent(boardId)}/log?after=${after}`,
      { headers: { authorization: `Bearer ${token}` } },
    );
    entries.push(...page.entries);
    if (page.next === null) return entries;
    after = page.next;
  }
}
