import type { CardKind } from '@retrace/shared';

/** How each card kind looks: a glyph and a word (never colour alone), plus a style class. */
export const CARD_KIND_STYLE: Record<CardKind, { label: string; glyph: string }> = {
  event: { label: 'Event', glyph: '●' },
  action: { label: 'Action', glyph: '▶' },
  observation: { label: 'Observation', glyph: '◉' },
  decision: { label: 'Decision', glyph: '◆' },
  communication: { label: 'Communication', glyph: '✉' },
  signal: { label: 'Signal', glyph: '⚑' },
  question: { label: 'Question', glyph: '?' },
  surprise: { label: 'Surprise', glyph: '!' },
  hypothesis: { label: 'Hypothesis', glyph: '≈' },
};
