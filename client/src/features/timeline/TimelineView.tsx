import { DragOverlay, useDndMonitor, type DragEndEvent, type DragMoveEvent, type DragStartEvent } from '@dnd-kit/core';
import { useViewportSharing } from '../facilitation/viewportSharing';
import { formatClock, moveCard, type Card } from '@retrace/shared';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useStore } from 'zustand';
import type { LocalDraft } from '../../sync/DraftBook';
import { useViewStore } from '../../stores/viewStore';
import { useBoardContext, useBoardSnapshot, useEditContext, usePeers } from '../board/BoardContext';
import { AddLaneButton } from './AddLaneButton';
import { CardChip } from './CardChip';
import { laneAt, proposeDrop, proposeKeyboardDrop, type DropProposal } from './dropTarget';
import { useDragStore } from '../../stores/dragStore';
import { useBoardNames } from '../language/LanguageHints';
import { LaneRow } from './LaneRow';
import { TIME_AREA_LEFT } from './layout';
import { TimeAxis } from './TimeAxis';
import { fitZoom, ticksFor, timeWindowFor, widthOf, xOf } from './timeScale';

const AWARENESS_INTERVAL_MS = 60;

/** Swimlanes over a horizontal time axis; the drop of a drag is one document write. */
export function TimelineView() {
  const { session, participant, canEdit } = useBoardContext();
  const board = useBoardSnapshot();
  const peers = usePeers();
  const ctx = useEditContext();
  const { pxPerMinute, autoFit, applyFittedZoom, composer } = useViewStore();
  const scrollRef = useRef<HTMLDivElement>(null);
  const axisRef = useRef<HTMLDivElement>(null);
  const [dragging, setDragging] = useState<{ card: Card; proposal: DropProposal | null; overId: string | null } | null>(
    null,
  );
  const lastAwareness = useRef(0);

  const live = useMemo(() => board.cards.filter((card) => card.deletedAt === null), [board.cards]);
  const factorNames = useMemo(
    () => new Map(board.factors.filter((f) => f.deletedAt === null).map((f) => [f.id, f.name] as const)),
    [board.factors],
  );
  const names = useBoardNames();
  const span = useMemo(() => timeWindowFor(board.meta, live), [board.meta, live]);
  useViewportSharing(scrollRef, span);
  const drafts = useStore(session.drafts.state, (state) => state.drafts);
  const draftsByLane = useMemo(() => {
    const groups = new Map<string, LocalDraft[]>();
    for (const draft of drafts) groups.set(draft.laneId, [...(groups.get(draft.laneId) ?? []), draft]);
    return groups;
  }, [drafts]);
  const byLane = useMemo(() => {
    const groups = new Map<string, Card[]>();
    for (const card of live) groups.set(card.place.laneId, [...(groups.get(card.place.laneId) ?? []), card]);
    return groups;
  }, [live]);

  // Auto-fit until the person zooms by hand.
  useEffect(() => {
    const available = (scrollRef.current?.clientWidth ?? 1200) - TIME_AREA_LEFT - 24;
    if (autoFit) applyFittedZoom(fitZoom(span, available));
  }, [autoFit, span, applyFittedZoom]);

  const laneName = (id: string) => board.lanes.find((lane) => lane.id === id)?.name ?? 'a lane';
  const factorName = (id: string) => board.factors.find((factor) => factor.id === id)?.name ?? 'a factor';
  const describe = (proposal: DropProposal | null, overId: string | null = null) =>
    overId?.startsWith('factor:')
      ? `tag with “${factorName(overId.slice('factor:'.length))}”`
      : proposal
        ? `${laneName(proposal.laneId)}, ${proposal.occurredAt === null ? 'time unknown' : formatClock(proposal.occurredAt, participant.timeZone)}`
        : 'outside the lanes';
  const setDragLabel = useDragStore((s) => s.setLabel);

  // The dragged card's last screen rect, so a scroll under it can re-propose.
  const lastRect = useRef<{ left: number; top: number; height: number } | null>(null);
  const propose = (rect: { left: number; top: number; height: number }): DropProposal | null => {
    const axisLeft = axisRef.current?.getBoundingClientRect().left;
    const rows = scrollRef.current?.querySelectorAll<HTMLElement>('[data-lane-row]') ?? [];
    const bands = [...rows].map((row) => {
      const box = row.getBoundingClientRect();
      return { laneId: row.dataset['laneRow'] ?? '', top: box.top, bottom: box.bottom };
    });
    const laneId = laneAt(bands, rect.top + rect.height / 2);
    return axisLeft === undefined ? null : proposeDrop(laneId, rect.left, axisLeft, span, pxPerMinute);
  };
  // A timed card picked up with the keyboard lands where the counted key steps say.
  const keyboardDrag = useRef(false);
  const counted = (card: Card): DropProposal | null =>
    keyboardDrag.current && card.place.occurredAt !== null
      ? proposeKeyboardDrop(
          card.place,
          useDragStore.getState().keySteps,
          board.lanes.map((lane) => lane.id),
        )
      : null;
  const proposalFor = (event: DragMoveEvent | DragEndEvent, card: Card | undefined): DropProposal | null => {
    const fromKeys = card ? counted(card) : null;
    if (fromKeys) return fromKeys;
    const rect = event.active.rect.current.translated;
    if (!rect) return null;
    lastRect.current = { left: rect.left, top: rect.top, height: rect.height };
    return propose(lastRect.current);
  };

  // Scrolling under a held card changes the time beneath it without a move event.
  useEffect(() => {
    const scroller = scrollRef.current;
    if (!dragging || !scroller) return;
    const onScroll = () => {
      const fromKeys = counted(dragging.card);
      if (!fromKeys && !lastRect.current) return;
      const proposal = fromKeys ?? propose(lastRect.current!);
      setDragLabel(describe(proposal, null));
      setDragging((current) => (current ? { ...current, proposal } : current));
    };
    scroller.addEventListener('scroll', onScroll);
    return () => scroller.removeEventListener('scroll', onScroll);
  });

  const publish = (value: { cardId: string; laneId: string; occurredAt: number | null } | null, force = false) => {
    const now = performance.now();
    if (!force && now - lastAwareness.current < AWARENESS_INTERVAL_MS) return;
    lastAwareness.current = now;
    session.provider.awareness.setLocalStateField('dragging', value);
  };

  const onDragStart = (event: DragStartEvent) => {
    const card = (event.active.data.current as { card: Card }).card;
    lastRect.current = null;
    keyboardDrag.current = event.activatorEvent instanceof KeyboardEvent;
    useDragStore.getState().resetSteps();
    setDragging({ card, proposal: { laneId: card.place.laneId, occurredAt: card.place.occurredAt }, overId: null });
    publish({ cardId: card.id, laneId: card.place.laneId, occurredAt: card.place.occurredAt }, true);
  };
  const onDragMove = (event: DragMoveEvent) => {
    if (!dragging) return;
    const overId = event.over ? String(event.over.id) : null;
    const proposal = overId?.startsWith('factor:') ? null : proposalFor(event, dragging.card);
    setDragging({ card: dragging.card, proposal, overId });
    setDragLabel(describe(proposal, overId));
    if (proposal) publish({ cardId: dragging.card.id, ...proposal });
  };
  const onDragEnd = (event: DragEndEvent) => {
    const card = dragging?.card;
    const overId = event.over ? String(event.over.id) : null;
    const proposal = proposalFor(event, card);
    setDragging(null);
    setDragLabel(null);
    publish(null, true);
    // Dropped on a factor: the factors panel tags it; the card stays where it is.
    if (!card || !proposal || overId?.startsWith('factor:')) return;
    if (proposal.laneId === card.place.laneId && proposal.occurredAt === card.place.occurredAt) return;
    moveCard(
      session.doc,
      {
        cardId: card.id,
        laneId: proposal.laneId,
        occurredAt: proposal.occurredAt,
        precision: proposal.occurredAt === null ? card.place.precision : 'minute',
      },
      ctx,
    );
  };

  useDndMonitor({
    onDragStart,
    onDragMove,
    onDragOver: onDragMove,
    onDragEnd,
    onDragCancel: () => {
      setDragging(null);
      setDragLabel(null);
      publish(null, true);
    },
  });

  return (
    <>
      <div className="timeline-scroll" ref={scrollRef} data-testid="timeline">
        <div className="timeline-content" style={{ width: TIME_AREA_LEFT + widthOf(span, pxPerMinute) }}>
          <TimeAxis ref={axisRef} span={span} pxPerMinute={pxPerMinute} zone={participant.timeZone} />
          <div className="grid-lines" style={{ left: TIME_AREA_LEFT }} aria-hidden="true">
            {ticksFor(span, pxPerMinute, participant.timeZone).map((tick) => (
              <span key={tick} style={{ left: xOf(tick, span, pxPerMinute) }} />
            ))}
          </div>
          {board.lanes.map((lane, i) => (
            <LaneRow
              key={lane.id}
              lane={lane}
              previous={board.lanes[i - 1]}
              beforePrevious={board.lanes[i - 2]}
              next={board.lanes[i + 1]}
              cards={byLane.get(lane.id) ?? EMPTY}
              drafts={draftsByLane.get(lane.id) ?? NO_DRAFTS}
              span={span}
              pxPerMinute={pxPerMinute}
              viewerZone={participant.timeZone}
              referenceZone={board.meta.timeZone}
              canEdit={canEdit}
              peers={peers}
              composer={composer?.laneId === lane.id ? composer : null}
              factorNames={factorNames}
              names={names}
            />
          ))}
          {canEdit && <AddLaneButton />}
        </div>
      </div>
      <DragOverlay dropAnimation={null}>
        {dragging && (
          <div className="drag-overlay">
            <CardChip
              card={dragging.card}
              style={{ position: 'relative' }}
              viewerZone={participant.timeZone}
              referenceZone={board.meta.timeZone}
              canEdit={false}
              heldBy={undefined}
            />
            <p className="drag-label" data-testid="drag-label">
              → {describe(dragging.proposal, dragging.overId)}
            </p>
          </div>
        )}
      </DragOverlay>
    </>
  );
}

const EMPTY: readonly Card[] = [];
const NO_DRAFTS: readonly LocalDraft[] = [];
