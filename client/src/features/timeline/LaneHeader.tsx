import { moveLane, renameLane, type Lane } from '@retrace/shared';
import { useSpotlightAction } from '../facilitation/spotlight';
import { useState } from 'react';
import { useBoardContext, useEditContext } from '../board/BoardContext';
import { LANE_HEADER_WIDTH } from './layout';

/** A person (head and shoulders) or a system (stacked boxes); text says the same below. */
function LaneIcon({ kind }: { kind: Lane['kind'] }) {
  return (
    <svg className="lane-icon" viewBox="0 0 12 12" aria-hidden="true">
      {kind === 'person' ? (
        <>
          <circle cx="6" cy="3.5" r="2.5" />
          <path d="M1 12c0-3 2.2-5 5-5s5 2 5 5z" />
        </>
      ) : (
        <>
          <rect x="1" y="1" width="10" height="4" rx="1" />
          <rect x="1" y="7" width="10" height="4" rx="1" />
        </>
      )}
    </svg>
  );
}

/** Lane name (rename in place) and reorder buttons; a person lane shows its owner's zone. */
export function LaneHeader({
  lane,
  previous,
  beforePrevious,
  next,
  cardCount,
}: {
  lane: Lane;
  previous: Lane | undefined;
  beforePrevious: Lane | undefined;
  next: Lane | undefined;
  cardCount: number;
}) {
  const { session, canEdit } = useBoardContext();
  const spotlight = useSpotlightAction();
  const ctx = useEditContext();
  const [renaming, setRenaming] = useState(false);
  const [name, setName] = useState(lane.name);
  const save = () => {
    setRenaming(false);
    if (name.trim() && name.trim() !== lane.name) renameLane(session.doc, { laneId: lane.id, name: name.trim() }, ctx);
  };
  return (
    <div className="lane-header" style={{ width: LANE_HEADER_WIDTH }}>
      {renaming ? (
        <input
          autoFocus
          aria-label="Lane name"
          value={name}
          maxLength={120}
          onChange={(e) => setName(e.target.value)}
          onBlur={save}
          onKeyDown={(e) => {
            if (e.key === 'Enter') save();
            if (e.key === 'Escape') setRenaming(false);
          }}
        />
      ) : (
        <h2
          className="lane-name"
          onDoubleClick={
            canEdit
              ? () => {
                  setName(lane.name);
                  setRenaming(true);
                }
              : undefined
          }
        >
          <LaneIcon kind={lane.kind} />
          <span>{lane.name}</span>
        </h2>
      )}
      <p className="muted lane-sub">
        {lane.kind === 'person' ? 'Perspective' : 'Shared'} · {cardCount} {cardCount === 1 ? 'card' : 'cards'}
        {lane.timeZone ? ` · ${lane.timeZone}` : ''}
      </p>
      {canEdit && !renaming && (
        <div className="lane-tools">
          {spotlight && (
            <button
              type="button"
              className="icon-button"
              aria-label={`Spotlight lane ${lane.name} for everyone`}
              title="Spotlight this lane for everyone"
              onClick={() => spotlight('lane', lane.id)}
            >
              ◎
            </button>
          )}
          <button
            type="button"
            className="icon-button"
            aria-label={`Rename lane ${lane.name}`}
            onClick={() => {
              setName(lane.name);
              setRenaming(true);
            }}
          >
            ✎
          </button>
          <button
            type="button"
            className="icon-button"
            aria-label={`Move lane ${lane.name} up`}
            disabled={!previous}
            onClick={() =>
              previous && moveLane(session.doc, { laneId: lane.id, afterLaneId: beforePrevious?.id ?? null }, ctx)
            }
          >
            ↑
          </button>
          <button
            type="button"
            className="icon-button"
            aria-label={`Move lane ${lane.name} down`}
            disabled={!next}
            onClick={() => next && moveLane(session.doc, { laneId: lane.id, afterLaneId: next.id }, ctx)}
          >
            ↓
          </button>
        </div>
      )}
    </div>
  );
}
