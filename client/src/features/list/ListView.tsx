import { useBoardContext, useBoardSnapshot } from '../board/BoardContext';
import { CARD_KIND_STYLE } from '../timeline/cardKinds';
import { cardClock, cardTimeDetails } from '../timeline/timeLabels';
import { CardTime } from '../timeline/CardTime';
import { formatDateTime } from '@retrace/shared';
import { useViewStore } from '../../stores/viewStore';
import { MyDraftsList } from '../silentRound/MyDraftsList';

/** The same cards as a chronological, accessible table. */
export function ListView() {
  const { participant, canEdit } = useBoardContext();
  const board = useBoardSnapshot();
  const openMoveDialog = useViewStore((s) => s.openMoveDialog);
  const lanes = new Map(board.lanes.map((lane) => [lane.id, lane.name]));
  const cards = board.cards.filter((card) => card.deletedAt === null);
  return (
    <div className="list-view" tabIndex={0}>
      <MyDraftsList />
      <table>
        <caption>
          Timeline of “{board.meta.title}”: {cards.length} cards, times in {participant.timeZone} (select a time for the
          incident’s reference zone, {board.meta.timeZone}, and the author’s local time)
        </caption>
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">Perspective</th>
            <th scope="col">Kind</th>
            <th scope="col">What happened</th>
            <th scope="col">Added by</th>
            {canEdit && (
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {cards.map((card) => (
            <tr key={card.id} className={card.misleading ? 'misleading' : undefined}>
              <td>
                {card.place.occurredAt === null ? (
                  'unknown'
                ) : (
                  <CardTime
                    clock={`${formatDateTime(card.place.occurredAt, participant.timeZone).slice(0, 10)} ${cardClock(card, participant.timeZone)}`}
                    details={() => cardTimeDetails(card, participant.timeZone, board.meta.timeZone)}
                  />
                )}
              </td>
              <td>{lanes.get(card.place.laneId) ?? '—'}</td>
              <td>
                <span aria-hidden="true">{CARD_KIND_STYLE[card.kind].glyph} </span>
                {CARD_KIND_STYLE[card.kind].label}
                {card.misleading && <strong> · misleading signal</strong>}
              </td>
              <td>{card.text}</td>
              <td>{card.author?.name ?? '—'}</td>
              {canEdit && (
                <td>
                  <button type="button" onClick={() => openMoveDialog(card.id)}>
                    Move to…
                  </button>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
