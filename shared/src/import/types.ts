/** One message or row read from an imported log, before it becomes a card. */
export interface ImportEntry {
  /** 1-based line (or message number for JSON) it came from. */
  readonly line: number;
  /** UTC epoch ms, or null when the source gave no time. */
  readonly occurredAt: number | null;
  /** Who said it, or which lane a CSV row names. */
  readonly speaker: string;
  readonly text: string;
  /** Only CSV rows carry a kind. */
  readonly kind?: string;
}

export interface ImportError {
  readonly line: number;
  readonly message: string;
}

export interface ParsedImport {
  readonly entries: readonly ImportEntry[];
  readonly errors: readonly ImportError[];
}
