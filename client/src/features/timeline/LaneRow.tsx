import { useDroppable } from '@dnd-kit/core';
import { useIsSpotlit } from '../facilitation/spotlight';
import { formatClock, type Card, type Lane } from '@retrace/shared';
import { memo, type MouseEvent } from 'react';
import { holderOf, type Peer } from '../../stores/presence';
import { useViewStore, type Composer as ComposerState } from '../../stores/viewStore';
import { CardChip } from './CardChip';
import { Composer } from './Composer';
import { DraftChip } from '../silentRound/DraftChip';
import type { LocalDraft } from '../../sync/DraftBook';
import { layoutLane } from './laneLayout';
import { CARD_GAP, CARD_HEIGHT, EMPTY_LANE_HEIGHT, LANE_PADDING, laneHeight, useTimelineMetrics } from './layout';
import { LaneHeader } from './LaneHeader';
import { instantAt, snapToMinute, widthOf, xOf, type TimeWindow } from './timeScale';

export interface LaneRowProps {
  readonly lane: Lane;
  /** This person's own lane, shown first for them. */
  readonly pinned: boolean;
  readonly previous: Lane | undefined;
  readonly beforePrevious: Lane | undefined;
  readonly next: Lane | undefined;
  /** This lane's live cards, in timeline order. */
  readonly cards: readonly Card[];
  /** My private drafts in this lane (silent writing round). */
  readonly drafts: readonly LocalDraft[];
  readonly span: TimeWindow;
  readonly pxPerMinute: number;
  readonly viewerZone: string;
  readonly referenceZone: string;
  readonly canEdit: boolean;
  readonly peers: readonly Peer[];
  readonly composer: ComposerState | null;
  readonly factorNames: ReadonlyMap<string, string>;
  readonly names: readonly string[];
}

/** A private draft laid out among the lane's cards. */
interface DraftItem {
  readonly draft: LocalDraft;
  readonly place: { readonly occurredAt: number | null };
}

/** The lane's cards with my drafts merged in, still in timeline order (a stable sort keeps card order). */
function withDrafts(cards: readonly Card[], drafts: readonly LocalDraft[]): ReadonlyArray<Card | DraftItem> {
  if (drafts.length === 0) return cards;
  const items: Array<Card | DraftItem> = [...cards, ...drafts.map((draft) => ({ draft, place: draft }))];
  const at = (item: Card | DraftItem) => item.place.occurredAt ?? Number.POSITIVE_INFINITY;
  return items.sort((a, b) => at(a) - at(b));
}

const rowTop = (row: number) => LANE_PADDING + row * (CARD_HEIGHT + CARD_GAP);

/** One perspective: header, the tray of cards with unknown time, and the timed cards. */
export const LaneRow = memo(function LaneRow(props: LaneRowProps) {
  const { lane, cards, span, pxPerMinute, viewerZone, referenceZone, canEdit, peers, composer, factorNames, names } =
    props;
  const { cardWidth, trayWidth, trayShown, laneHeaderWidth, timeAreaLeft } = useTimelineMetrics();
  const setTrayOpen = useViewStore((s) => s.setTrayOpen);
  const lanedrop = useDroppable({ id: `lane:${lane.id}`, data: { laneId: lane.id } });
  const traydrop = useDroppable({ id: `tray:${lane.id}`, data: { laneId: lane.id, tray: true } });
  const openComposer = useViewStore((s) => s.openComposer);
  const x = (instant: number) => xOf(instant, span, pxPerMinute);
  const items = withDrafts(cards, props.drafts);
  const { placed, rows } = layoutLane(items, x, cardWidth);
  const unplaced = items.filter((item) => item.place.occurredAt === null);
  const ghosts = peers.filter((peer) => peer.dragging?.laneId === lane.id);
  const trayItems = trayShown ? unplaced : [];
  const empty = items.length === 0 && !composer && ghosts.length === 0;
  const height = empty
    ? EMPTY_LANE_HEIGHT
    : laneHeight(
        rows + (composer ? 1 : 0) + (ghosts.length ? 1 : 0),
        trayItems.length + (composer?.occurredAt === null ? 1 : 0),
      );

  const compose = (event: MouseEvent<HTMLDivElement>) => {
    if (!canEdit || (event.target as HTMLElement).closest('.card')) return;
    const left = event.currentTarget.getBoundingClientRect().left;
    openComposer({ laneId: lane.id, occurredAt: snapToMinute(instantAt(event.clientX - left, span, pxPerMinute)) });
  };

  const spotlit = useIsSpotlit('lane', lane.id);
  const chip = (item: Card | DraftItem, top: number, left: number) =>
    'draft' in item ? (
      <DraftChip key={item.draft.id} draft={item.draft} style={{ top, left }} viewerZone={viewerZone} />
    ) : (
      <CardChip
        key={item.id}
        card={item}
        top={top}
        left={left}
        viewerZone={viewerZone}
        referenceZone={referenceZone}
        canEdit={canEdit}
        heldBy={holderOf(peers, item.id)}
        factorNames={factorNames}
        names={names}
      />
    );
  return (
    <section
      ref={lanedrop.setNodeRef}
      className={`lane${empty ? ' empty' : ''}${props.pinned ? ' own-lane' : ''}${lanedrop.isOver ? ' drop-target' : ''}${spotlit ? ' spotlit' : ''}`}
      data-lane-row={lane.id}
      aria-label={`Lane ${lane.name}`}
      style={{ height, width: timeAreaLeft + widthOf(span, pxPerMinute) }}
    >
      <LaneHeader
        lane={lane}
        pinned={props.pinned}
        previous={props.previous}
        beforePrevious={props.beforePrevious}
        next={props.next}
        cardCount={cards.length}
      />
      <div
        ref={traydrop.setNodeRef}
        className={`tray${traydrop.isOver ? ' drop-target' : ''}`}
        style={{ width: trayWidth, left: laneHeaderWidth }}
        role="group"
        aria-label={`Cards of unknown time in ${lane.name}`}
        onDoubleClick={canEdit ? () => openComposer({ laneId: lane.id, occurredAt: null }) : undefined}
      >
        {trayItems.map((item, i) => chip(item, rowTop(i), 5))}
        {!trayShown && unplaced.length > 0 && (
          <button
            type="button"
            className="tray-count"
            aria-label={`Show ${unplaced.length} ${unplaced.length === 1 ? 'card' : 'cards'} of unknown time (${lane.name})`}
            title="Cards whose time is unknown: show them"
            onClick={() => setTrayOpen(true)}
          >
            {unplaced.length}
          </button>
        )}
        {composer && composer.occurredAt === null && (
          <Composer composer={composer} style={{ top: rowTop(unplaced.length), left: 5 }} label="time unknown" />
        )}
      </div>
      <div
        className="time-area"
        style={{ left: timeAreaLeft, width: widthOf(span, pxPerMinute) }}
        onDoubleClick={compose}
      >
        {placed.map(({ card: item, x: left, row }) => chip(item, rowTop(row), left))}
        {composer && composer.occurredAt !== null && (
          <Composer
            composer={composer}
            style={{ top: rowTop(rows), left: x(composer.occurredAt) }}
            label={formatClock(composer.occurredAt, viewerZone)}
          />
        )}
        {ghosts.map((peer) =>
          peer.dragging && peer.dragging.occurredAt !== null ? (
            <div
              key={peer.clientId}
              className="remote-ghost"
              style={{ top: rowTop(rows), left: x(peer.dragging.occurredAt), borderColor: peer.user.color }}
              aria-hidden="true"
            >
              {peer.user.name} · {formatClock(peer.dragging.occurredAt, viewerZone)}
            </div>
          ) : null,
        )}
      </div>
    </section>
  );
});
