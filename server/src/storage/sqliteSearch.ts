/**
 * Library search in SQLite (FTS5): the query, shared by the storage (which runs it inline
 * when it must) and its search worker (sqliteSearchWorker.ts, which runs it off the event
 * loop: a word found in every one of ten thousand boards takes 10–20 ms to rank).
 */
export const SEARCH_SQL = `SELECT s.board_id FROM board_search JOIN board_summaries s ON s.rowid = board_search.rowid
  WHERE board_search MATCH ? ORDER BY bm25(board_search, 10.0, 1.0), s.board_id LIMIT ?`;

/** An FTS5 query where every word is a quoted prefix ("migrat"*) and all are required; null without words. */
export function ftsMatch(words: readonly string[]): string | null {
  const terms = words.filter((word) => /^[\p{L}\p{N}]+$/u.test(word));
  return terms.length === 0 ? null : terms.map((word) => `"${word}"*`).join(' AND ');
}

export interface SearchRequest {
  readonly id: number;
  readonly match: string;
  readonly limit: number;
}

export type SearchReply =
  | { readonly id: number; readonly ok: true; readonly ids: string[] }
  | { readonly id: number; readonly ok: false; readonly error: string };
