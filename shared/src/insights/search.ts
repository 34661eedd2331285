import type { BoardSummary } from './insights';

/**
 * Library search as both databases index it (SQLite FTS5, PostgreSQL full text): text is
 * reduced to plain words first (Unicode-normalised, accents dropped, lower case), so
 * "Müller", "MULLER" and "müller" meet, and each word of a query matches words that start
 * with it ("migrat" finds "migration"). Every word of a query must match.
 */

/** How the library can be ordered; relevance applies to a search (without one: by start). */
export const LIBRARY_SORTS = ['relevance', 'started', 'title', 'status', 'severity', 'cards', 'open-actions'] as const;
export type LibrarySort = (typeof LIBRARY_SORTS)[number];

/** One page of the library: `matched` boards match the search and status, of `total` in the workspace. */
export interface LibraryPage {
  readonly boards: BoardSummary[];
  readonly total: number;
  readonly matched: number;
  readonly offset: number;
  readonly limit: number;
}

/** At most this many words of a query are searched. */
export const MAX_SEARCH_WORDS = 12;

/** The words of a text, as search compares them. */
export function searchWords(text: string): string[] {
  return (
    text
      .normalize('NFKD')
      .replace(/\p{M}+/gu, '')
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu) ?? []
  );
}

/** The words of a query, without repeats, at most MAX_SEARCH_WORDS. */
export function queryWords(query: string): string[] {
  return [...new Set(searchWords(query))].slice(0, MAX_SEARCH_WORDS);
}

/** What a board is found by: its title (ranked first), and its people, factors, actions, owners and card text. */
export interface SearchDocument {
  readonly title: string;
  readonly body: string;
}

export function searchDocument(summary: BoardSummary): SearchDocument {
  const words = (parts: readonly string[]) => searchWords(parts.join('\n')).join(' ');
  return {
    title: words([summary.title]),
    body: words([
      ...summary.participants,
      ...summary.factors.map((factor) => factor.name),
      ...summary.actions.flatMap((action) => [action.title, action.owner]),
      summary.searchText ?? '',
    ]),
  };
}
