import { setGrouping } from '@retrace/shared';
import { useEffect } from 'react';
import { useViewStore } from '../../stores/viewStore';
import { useBoardContext, useBoardSnapshot, useControl } from '../board/BoardContext';

/** The facilitator's switch for the grouping step (after a reveal, before voting). */
export function GroupingControl() {
  const { session } = useBoardContext();
  const { grouping } = useControl();
  return (
    <button type="button" aria-pressed={grouping} onClick={() => setGrouping(session.control.doc, !grouping)}>
      {grouping ? 'Done grouping' : 'Group similar cards'}
    </button>
  );
}

/**
 * The grouping step, for everyone at once: the factors open beside the timeline, and each
 * person drags cards that belong together onto the same factor (or makes a factor for a
 * group). The Factors view shows the groups as they form.
 */
export function GroupingBanner() {
  const { canEdit } = useBoardContext();
  const { grouping } = useControl();
  const board = useBoardSnapshot();
  const showPanel = useViewStore((s) => s.showPanel);
  useEffect(() => {
    if (grouping && canEdit) showPanel('factors');
  }, [grouping, canEdit, showPanel]);
  if (!grouping) return null;
  const live = board.cards.filter((card) => card.deletedAt === null);
  const grouped = live.filter((card) => card.factorIds.length > 0).length;
  return (
    <section className="grouping-step" aria-label="Grouping" data-testid="grouping">
      <p>
        <strong>Grouping.</strong>{' '}
        {canEdit
          ? 'Drag cards that belong together onto the same systemic factor in the side panel, or add a factor for a group. Everyone can do this at once.'
          : 'Participants are grouping cards under systemic factors.'}{' '}
        {grouped} of {live.length} cards grouped.
      </p>
    </section>
  );
}
