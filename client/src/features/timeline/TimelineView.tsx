import { DragOverlay, useDndMonitor, type DragEndEvent, type DragMoveEvent, type DragStartEvent } from '@dnd-kit/core';
import { useViewportSharing } from '../facilitation/viewportSharing';
import { formatClock, moveCard, type Card } from '@retrace/shared';
import { useEffect, useLayoutEffect, useMemo, useRef, useState, type CSSProperties } from 'react';
import { useStore } from 'zustand';
import type { LocalDraft } from '../../sync/DraftBook';
import { MAX_PX_PER_MINUTE, MIN_PX_PER_MINUTE, useViewStore } from '../../stores/viewStore';
import { useBoardContext, useBoardSnapshot, useEditContext, usePeers } from '../board/BoardContext';
import { AddLaneButton } from './AddLaneButton';
import { CardFace } from './CardChip';
import { laneAt, proposeDrop, proposeKeyboardDrop, type DropProposal } from './dropTarget';
import { useDragStore } from '../../stores/dragStore';
import { useBoardNames } from '../language/LanguageHints';
import { LaneRow } from './LaneRow';
import { TimelineMetricsContext, metricsFor, type TimelineMetrics } from './layout';
import { incidentWindow, useElementSize, useRevealCards } from './timelineHooks';
import { lanesForViewer } from './laneOrder';
import { TimeAxis } from './TimeAxis';
import { fitView, ticksFor, timeWindowFor, widthOf, xOf, type TimeWindow } from './timeScale';

const AWARENESS_INTERVAL_MS = 60;

/** Swimlanes over a horizontal time axis; the drop of a drag is one document write. */
export function TimelineView() {
  const { session, participant, canEdit } = useBoardContext();
  const board = useBoardSnapshot();
  const peers = usePeers();
  const ctx = useEditContext();
  const pxPerMinute = useViewStore((s) => s.pxPerMinute);
  const fitRequest = useViewStore((s) => s.fitRequest);
  const composer = useViewStore((s) => s.composer);
  const revealed = useViewStore((s) => s.revealed);
  const scrollRef = useRef<HTMLDivElement>(null);
  const { width } = useElementSize(scrollRef);
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
  const drafts = useStore(session.drafts.state, (state) => state.drafts);
  const untimed =
    live.some((card) => card.place.occurredAt === null) ||
    drafts.some((draft) => draft.occurredAt === null) ||
    composer?.occurredAt === null;
  const trayOpen = useViewStore((s) => s.trayOpen || s.composer?.occurredAt === null);
  const metrics = useMemo(() => metricsFor(width, untimed, trayOpen), [width, untimed, trayOpen]);
  const cardSpan = useMemo(() => timeWindowFor(board.meta, live), [board.meta, live]);
  // Zoomed out, the time area reaches the right edge rather than stopping short of it, also
  // when scrolled to the incident's start (Fit does that).
  const incident = useMemo(() => incidentWindow(board.meta), [board.meta]);
  const visibleMinutes = Math.max(0, width - metrics.timeAreaLeft) / pxPerMinute;
  const fillFrom = Math.max(cardSpan.start, incident?.start ?? cardSpan.start);
  const span = useMemo(
    () => ({ start: cardSpan.start, end: Math.max(cardSpan.end, fillFrom + Math.ceil(visibleMinutes) * 60_000) }),
    [cardSpan, fillFrom, visibleMinutes],
  );
  useViewportSharing(scrollRef, span);
  const draftsByLane = useMemo(() => {
    const groups = new Map<string, LocalDraft[]>();
    // A draft left for the facilitator to place has no lane: it shows in the list view and the banner.
    for (const draft of drafts)
      if (draft.laneId !== null) groups.set(draft.laneId, [...(groups.get(draft.laneId) ?? []), draft]);
    return groups;
  }, [drafts]);
  const byLane = useMemo(() => {
    const groups = new Map<string, Card[]>();
    for (const card of live) groups.set(card.place.laneId, [...(groups.get(card.place.laneId) ?? []), card]);
    return groups;
  }, [live]);

  // Fit the incident window to the width: at first, on "Fit", and on resizing while fitting.
  // Not when someone else's card widens the board: nobody else's edit changes my zoom.
  const fitWindow = incident ?? cardSpan;
  const synced = useStore(session.connection, (state) => state.synced);
  const fitTarget = useRef(fitWindow);
  useLayoutEffect(() => {
    fitTarget.current = fitWindow;
  });
  const hasIncidentWindow = incident !== null;
  const spanNow = useRef(span);
  useLayoutEffect(() => {
    spanNow.current = span;
  });
  useEffect(() => {
    const view = useViewStore.getState();
    if (!view.autoFit || width === 0) return;
    const fit = fitTo(fitTarget.current, spanNow.current, width, metrics);
    view.applyFittedZoom(fit.pxPerMinute);
    // Once the new zoom has rendered, the incident's start sits at the left of the time area.
    const frame = requestAnimationFrame(() => {
      if (scrollRef.current) scrollRef.current.scrollLeft = fit.scrollLeft;
    });
    return () => cancelAnimationFrame(frame);
  }, [fitRequest, width, metrics.timeAreaLeft, metrics.cardWidth, synced, hasIncidentWindow]);

  // A board's first cards are placed once: before they render, the timeline is measured and,
  // while fitting, zoomed to the incident window. Rendered at a guessed width and the default
  // zoom first, 1,000 cards were laid out, measured, then rendered and laid out again.
  const hasCards = live.length > 0 || drafts.length > 0;
  const [placedFirstCards, setPlacedFirstCards] = useState(false);
  const holdCards = hasCards && !placedFirstCards;
  useLayoutEffect(() => {
    if (!holdCards) return;
    const measured = scrollRef.current?.clientWidth ?? 0; // cheap: no card is in the layout yet
    const view = useViewStore.getState();
    if (measured > 0 && view.autoFit) {
      const fit = fitTo(fitTarget.current, spanNow.current, measured, metricsFor(measured, untimed, trayOpen));
      view.applyFittedZoom(fit.pxPerMinute);
    }
    // Measure, then render, before the browser paints: React's pattern for layout that
    // depends on a measurement; the one extra render is of the timeline without its cards.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    setPlacedFirstCards(true);
  }, [holdCards, untimed, trayOpen]);

  // The board grew to the left (a card before the window): keep what I look at in place.
  // Not while the board first arrives: nobody has looked at anything yet (the fit places the
  // view), and touching scrollLeft then would lay out every card at the worst moment.
  const shownStart = useRef(span.start);
  const shownSynced = useRef(synced);
  useLayoutEffect(() => {
    const scroller = scrollRef.current;
    if (scroller && shownSynced.current && span.start !== shownStart.current)
      scroller.scrollLeft += ((shownStart.current - span.start) / 60_000) * pxPerMinute;
    shownStart.current = span.start;
    shownSynced.current = synced;
  }, [span.start, pxPerMinute, synced]);

  // Cards this person just added or moved: into view, highlighted for a moment. Revealed
  // drafts of a silent round are cards with the same ids.
  // (None is rendered while the first cards are held back: the count changes once they are.)
  useRevealCards(scrollRef, revealed, holdCards ? 0 : board.cards.length + drafts.length);
  // A card of unknown time that I added or moved shows its column, even on a narrow timeline.
  const revealsUntimed = revealed.ids.some(
    (id) =>
      live.find((card) => card.id === id)?.place.occurredAt === null ||
      drafts.find((draft) => draft.id === id)?.occurredAt === null,
  );
  useEffect(() => {
    if (revealsUntimed) useViewStore.getState().setTrayOpen(true);
  }, [revealsUntimed, revealed]);

  // My own lane first (pinned for me), the others in the shared order.
  const shownLanes = useMemo(() => lanesForViewer(board.lanes, participant.id), [board.lanes, participant.id]);
  useEffect(() => session.drafts.onRoundEnded((ids) => useViewStore.getState().revealCards(ids)), [session]);

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
          shownLanes.map((shown) => shown.lane.id),
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
    // Inbox items are dragged onto lanes too; the inbox places them (InboxPanel).
    const card = (event.active.data.current as { card?: Card } | undefined)?.card;
    if (!card) return;
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
    <TimelineMetricsContext.Provider value={metrics}>
      <div
        className="timeline-scroll"
        ref={scrollRef}
        data-testid="timeline"
        // Scrolling a card into view keeps it clear of the sticky axis and columns.
        style={{ scrollPaddingLeft: metrics.timeAreaLeft + 8, scrollPaddingTop: 40 }}
      >
        <div
          className="timeline-content"
          style={
            {
              width: metrics.timeAreaLeft + widthOf(span, pxPerMinute),
              '--card-width': `${metrics.cardWidth}px`,
            } as CSSProperties
          }
        >
          <TimeAxis ref={axisRef} span={span} pxPerMinute={pxPerMinute} zone={participant.timeZone} />
          <div className="grid-lines" style={{ left: metrics.timeAreaLeft }} aria-hidden="true">
            {ticksFor(span, pxPerMinute, participant.timeZone).map((tick) => (
              <span key={tick} style={{ left: xOf(tick, span, pxPerMinute) }} />
            ))}
          </div>
          {shownLanes.map(({ lane, pinned, previous, beforePrevious, next }) => (
            <LaneRow
              key={lane.id}
              lane={lane}
              pinned={pinned}
              previous={previous}
              beforePrevious={beforePrevious}
              next={next}
              cards={holdCards ? EMPTY : (byLane.get(lane.id) ?? EMPTY)}
              drafts={holdCards ? NO_DRAFTS : (draftsByLane.get(lane.id) ?? NO_DRAFTS)}
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
            <article className={`card kind-${dragging.card.kind}`} style={{ position: 'relative' }} aria-hidden="true">
              <CardFace
                card={dragging.card}
                viewerZone={participant.timeZone}
                referenceZone={board.meta.timeZone}
                canEdit={false}
                editing={false}
                heldBy={undefined}
              />
            </article>
            <p className="drag-label" data-testid="drag-label">
              → {describe(dragging.proposal, dragging.overId)}
            </p>
          </div>
        )}
      </DragOverlay>
    </TimelineMetricsContext.Provider>
  );
}

const EMPTY: readonly Card[] = [];

/** The zoom (and scroll) that fits `target` into a timeline `width` wide. */
const fitTo = (target: TimeWindow, span: TimeWindow, width: number, metrics: TimelineMetrics) =>
  fitView(target, span, width - metrics.timeAreaLeft, metrics.cardWidth, {
    min: MIN_PX_PER_MINUTE,
    max: MAX_PX_PER_MINUTE,
  });
const NO_DRAFTS: readonly LocalDraft[] = [];
