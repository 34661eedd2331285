import { CARD_KINDS, type CardKind, type Lane } from '@retrace/shared';
import { CARD_KIND_STYLE } from './cardKinds';

export function LaneSelect({
  lanes,
  value,
  onChange,
}: {
  lanes: readonly Lane[];
  value: string;
  onChange: (laneId: string) => void;
}) {
  return (
    <select value={value} onChange={(e) => onChange(e.target.value)}>
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
