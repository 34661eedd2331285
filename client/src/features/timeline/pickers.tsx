import { CARD_KINDS, type CardKind, type Lane } from '@retrace/shared';
import { CARD_KIND_STYLE } from './cardKinds';

export function LaneSelect({
  lanes,
  value,
  onChange,
  emptyLabel,
  ariaLabel,
}: {
  lanes: readonly Lane[];
  value: string;
  onChange: (laneId: string) => void;
  /** A first choice with the value "" (no lane), under this label. */
  emptyLabel?: string;
  ariaLabel?: string;
}) {
  return (
    <select value={value} onChange={(e) => onChange(e.target.value)} aria-label={ariaLabel}>
      {emptyLabel !== undefined && <option value="">{emptyLabel}</option>}
      {lanes.map((lane) => (
        <option key={lane.id} value={lane.id}>
          {lane.name}
        </option>
      ))}
    </select>
  );
}

export function CardKindSelect({ value, onChange }: { value: CardKind; onChange: (kind: CardKind) => void }) {
  return (
    <select value={value} onChange={(e) => onChange(e.target.value as CardKind)}>
      {CARD_KINDS.map((kind) => (
        <option key={kind} value={kind}>
          {CARD_KIND_STYLE[kind].glyph} {CARD_KIND_STYLE[kind].label}
        </option>
      ))}
    </select>
  );
}
