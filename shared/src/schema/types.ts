/**
 * Read-only snapshot types of a board. These are what views, reports and tests consume;
 * the live data sits in the Y.Doc and is only changed through `domain/` operations.
 */

export const SCHEMA_VERSION = 1;

export const CARD_KINDS = [
  'event',
  'action',
  'observation',
  'decision',
  'communication',
  'signal',
  'question',
  'surprise',
  'hypothesis',
] as const;
export type CardKind = (typeof CARD_KINDS)[number];

/** How precisely `occurredAt` is known. */
export const TIME_PRECISIONS = ['second', 'minute', 'approximate'] as const;
export type TimePrecision = (typeof TIME_PRECISIONS)[number];

export const CARD_SOURCES = ['typed', 'imported'] as const;
export type CardSource = (typeof CARD_SOURCES)[number];

export const LANE_KINDS = ['person', 'system'] as const;
export type LaneKind = (typeof LANE_KINDS)[number];

export const ACTION_STATUSES = ['open', 'in-progress', 'done', 'wont-do'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];

export const SEVERITIES = ['SEV1', 'SEV2', 'SEV3', 'SEV4', 'SEV5'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Built-in taxonomy of systemic factor categories; boards may also use custom ones. */
export const FACTOR_CATEGORIES = [
  { id: 'signals', label: 'Misleading or missing signals' },
  { id: 'change', label: 'Change and deployment process' },
  { id: 'automation', label: 'Automation and tooling' },
  { id: 'knowledge', label: 'Documentation and knowledge' },
  { id: 'communication', label: 'Communication and coordination' },
  { id: 'pressure', label: 'Production pressure and trade-offs' },
  { id: 'design', label: 'Dependencies and design' },
  { id: 'testing', label: 'Testing and environments' },
  { id: 'ownership', label: 'Ownership and organisation' },
  { id: 'fatigue', label: 'Fatigue, workload and handover' },
  { id: 'workarounds', label: 'Workarounds and drift from the documented way' },
  { id: 'response-access', label: 'Access and tooling during the response' },
  { id: 'recovery', label: 'Recovery and backups' },
] as const;
export type FactorCategoryId = (typeof FACTOR_CATEGORIES)[number]['id'];

export const NOTE_KEYS = ['wentWell', 'gotLucky', 'openQuestions'] as const;
export type NoteKey = (typeof NOTE_KEYS)[number];

/**
 * Where a card sits: lane, position among cards of the same time, and the time itself.
 * Written as ONE value so that two people moving the same card concurrently can never
 * leave it with one person's lane and the other's time or position.
 */
export interface CardPlace {
  readonly laneId: string;
  readonly orderKey: string;
  /** UTC epoch milliseconds, or null when the time is unknown. */
  readonly occurredAt: number | null;
  readonly precision: TimePrecision;
}

export interface Author {
  readonly name: string;
  readonly timeZone: string;
}

export interface Card {
  readonly id: string;
  readonly text: string;
  readonly kind: CardKind;
  readonly place: CardPlace;
  readonly author: Author | null;
  readonly createdAt: number;
  readonly source: CardSource;
  readonly misleading: boolean;
  readonly factorIds: readonly string[];
  readonly deletedAt: number | null;
  /** The group chose to keep this card's wording: language hints are not shown for it. */
  readonly hintsDismissed: boolean;
  /** Where an imported card came from: "Slack · #inc-checkout · inc-checkout/2024-05-01.json, message 3". */
  readonly importedFrom: string | null;
}

export interface Lane {
  readonly id: string;
  readonly name: string;
  readonly kind: LaneKind;
  readonly owner: string | null;
  readonly timeZone: string | null;
  readonly orderKey: string;
  /** Source identities of the person or system ("slack:U0BMYT2FL"): imports find the lane by these after a rename. */
  readonly importKeys: readonly string[];
}

export interface Factor {
  readonly id: string;
  readonly name: string;
  readonly category: string;
  readonly description: string;
  readonly createdAt: number;
  readonly deletedAt: number | null;
}

export interface Action {
  readonly id: string;
  readonly title: string;
  readonly owner: string;
  /** ISO calendar date (YYYY-MM-DD) or null. */
  readonly dueDate: string | null;
  readonly status: ActionStatus;
  readonly factorIds: readonly string[];
  readonly trackerUrl: string | null;
  readonly createdAt: number;
}

export interface BoardMeta {
  readonly schemaVersion: number;
  readonly title: string;
  readonly summary: string;
  readonly impact: string;
  readonly severity: Severity | null;
  readonly startedAt: number | null;
  readonly detectedAt: number | null;
  /** When the impact stopped for users (a workaround or rollback), before the cause was fixed. */
  readonly mitigatedAt: number | null;
  readonly resolvedAt: number | null;
  /** IANA zone the report is written in, e.g. "Europe/Berlin". */
  readonly timeZone: string;
}

export interface BoardSnapshot {
  readonly meta: BoardMeta;
  /** Sorted by order key (ties by id). */
  readonly lanes: readonly Lane[];
  /** Sorted by time, then order key, then id; soft-deleted cards included. */
  readonly cards: readonly Card[];
  readonly factors: readonly Factor[];
  readonly actions: readonly Action[];
  readonly notes: Readonly<Record<NoteKey, string>>;
}

/** Imported evidence (a chat message, an alert, a deploy) waiting to be placed as a card. */
export interface InboxItem {
  /** Also the id of the card it becomes: placing it twice, or by two people at once, makes one card. */
  readonly id: string;
  readonly text: string;
  readonly kind: CardKind;
  readonly occurredAt: number | null;
  /** The lane it belongs to: a person or a system such as "Alerts & monitoring". */
  readonly speaker: string;
  readonly speakerKey: string | null;
  readonly laneKind: LaneKind;
  /** The speaker's own zone when the source knew it. */
  readonly timeZone: string | null;
  /** Which import it came from ("slack", "pagerduty", …). */
  readonly source: string;
  /** Where in the source: "incident/2024-05-01.json, message 12". */
  readonly ref: string | null;
  readonly note: string | null;
  readonly thread: string | null;
  readonly addedAt: number;
  readonly dismissed: boolean;
}
