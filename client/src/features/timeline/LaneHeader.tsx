import { moveLane, renameLane, type Lane } from '@retrace/shared';
import { useSpotlightAction } from '../facilitation/spotlight';
import { useState } from 'react';
import { useBoardContext, useEditContext } from '../board/BoardContext';
import { MenuButton, MenuItem } from '../../components/ui/Menu';
import { useTimelineMetrics } from './layout';

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
  pinned,
  previous,
  beforePrevious,
  next,
  cardCount,
}: {
  lane: Lane;
  pinned: boolean;
  previous: Lane | undefined;
  beforePrevious: Lane | undefined;
  next: Lane | undefined;
  cardCount: number;
}) {
  const { session, canEdit } = useBoardContext();
  const { laneHeaderWidth } = useTimelineMetrics();
  const spotlight = useSpotlightAction();
  const ctx = useEditContext();
  const [renaming, setRenaming] = useState(false);
  const [name, setName] = useState(lane.name);
  const save = () => {
    setRenaming(false);
    if (name.trim() && name.trim() !== lane.name) renameLane(session.doc, { laneId: lane.id, name: name.trim() }, ctx);
  };
  return (
    <div className="lane-header" style={{ width: laneHeaderWidth }}>
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
          tabIndex={-1}
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
          <span title={lane.name}>{lane.name}</span>
        </h2>
      )}
      <p className="muted lane-sub">
        {pinned ? 'Yours, shown first' : lane.kind === 'person' ? 'Perspective' : 'Shared'} · {cardCount}{' '}
        {cardCount === 1 ? 'card' : 'cards'}
        {lane.timeZone ? ` · ${lane.timeZone}` : ''}
      </p>
      {canEdit && !renaming && (
        <span className="lane-tools">
          <MenuButton
            className="icon-button"
            label={`Lane ${lane.name}: actions`}
            content="⋯"
            menuLabel={`Lane ${lane.name}`}
          >
            {spotlight && <MenuItem onSelect={() => spotlight('lane', lane.id)}>Spotlight for everyone</MenuItem>}
            <MenuItem
              onSelect={() => {
                setName(lane.name);
                setRenaming(true);
              }}
            >
              Rename
            </MenuItem>
            {!pinned && (
              <>
                <MenuItem
                  disabled={!previous}
                  onSelect={() =>
                    moveLane(session.doc, { laneId: lane.id, afterLaneId: beforePrevious?.id ?? null }, ctx)
                  }
                >
                  Move up
                </MenuItem>
                <MenuItem
                  disabled={!next}
                  onSelect={() => next && moveLane(session.doc, { laneId: lane.id, afterLaneId: next.id }, ctx)}
                >
                  Move down
                </MenuItem>
              </>
            )}
          </MenuButton>
        </span>
      )}
    </div>
  );
}
