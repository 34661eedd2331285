import type { CardKind, LaneKind } from '../schema/types';

/** One message, alert, deploy or row read from an imported source, before it becomes a card. */
export interface ImportEntry {
  /** 1-based line (text formats) or item number (JSON formats) it came from. */
  readonly line: number;
  /** Where it came from, for people: "enrique/2016-01-14.json, message 3", "line 12". */
  readonly ref?: string | undefined;
  /** UTC epoch ms, or null when the source gave no time. */
  readonly occurredAt: number | null;
  /** Who said it, or which lane (a person, a system) it belongs to. */
  readonly speaker: string;
  /** A stable identity of the speaker in its source ("slack:U0BMYT2FL"), so renamed lanes still match. */
  readonly speakerKey?: string | undefined;
  /** The lane a new speaker gets: people for chat, systems for alerts and deploys. */
  readonly laneKind?: LaneKind | undefined;
  readonly text: string;
  /** Only some sources say what kind of card an entry is. */
  readonly kind?: CardKind | string | undefined;
  /** The speaker's own IANA zone when the source knows it (Slack's users.json does). */
  readonly timeZone?: string | undefined;
  /** Entries of one conversation thread share this key; the first is the thread's start. */
  readonly thread?: string | undefined;
  /** A stable id of the item in its source ("slack:general:1714567890.000100"): an edited message imported again finds its card. */
  readonly sourceId?: string | undefined;
  /** "edited", "reply in thread", "integration", "#channel": shown beside the entry. */
  readonly note?: string | undefined;
}

export interface ImportError {
  readonly line: number;
  /** The file and message (or line) to fix: "enrique/2016-01-14.json, message 3". */
  readonly ref?: string | undefined;
  readonly message: string;
}

/** Read but deliberately not imported (joins, deleted messages), with the reason. */
export interface ImportSkip {
  readonly ref: string;
  readonly reason: string;
}

export interface ParsedImport {
  readonly entries: readonly ImportEntry[];
  readonly errors: readonly ImportError[];
  readonly skipped?: readonly ImportSkip[];
}

/** How an error or skipped item names its place: the ref when there is one, else the line. */
export function importLocation(item: { readonly line: number; readonly ref?: string | undefined }): string {
  return item.ref ?? `Line ${item.line}`;
}
