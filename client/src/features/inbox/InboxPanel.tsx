import { useDndMonitor, useDraggable } from '@dnd-kit/core';
import {
  clearHandledInbox,
  formatClock,
  formatDateTime,
  placeInboxItem,
  setInboxItemDismissed,
  type InboxItem,
  type Lane,
} from '@retrace/shared';
import { useDeferredValue, useMemo, useState } from 'react';
import { useDialogStore } from '../../stores/dialogStore';
import { useViewStore } from '../../stores/viewStore';
import { useBoardContext, useBoardSnapshot, useEditContext } from '../board/BoardContext';
import { CARD_KIND_STYLE } from '../timeline/cardKinds';
import { useInbox } from './useInbox';

/** How many matching items are shown at once (a 2,000-message channel stays a short list). */
const PAGE = 100;

export const INBOX_DRAG_PREFIX = 'inbox:';

function matches(item: InboxItem, words: readonly string[]): boolean {
  if (words.length === 0) return true;
  const haystack = `${item.text} ${item.speaker} ${item.note ?? ''} ${item.ref ?? ''}`.toLocaleLowerCase();
  return words.every((word) => haystack.includes(word));
}

/**
 * Imported evidence waiting beside the timeline: searchable; each item is placed with one
 * button (in its own lane, at its own time), into a chosen lane, or by dragging it onto a
 * lane. Placing is an edit like any other, shared live; an item placed by someone else
 * shows as placed at once.
 */
export function InboxPanel() {
  const { session, canEdit, participant } = useBoardContext();
  const ctx = useEditContext();
  const board = useBoardSnapshot();
  const items = useInbox();
  const [query, setQuery] = useState('');
  const [showHandled, setShowHandled] = useState(false);
  const [shown, setShown] = useState(PAGE);
  const [status, setStatus] = useState<string | null>(null);
  const deferredQuery = useDeferredValue(query);
  const placed = useMemo(
    () => new Set(board.cards.filter((c) => c.deletedAt === null).map((c) => c.id)),
    [board.cards],
  );
  const words = deferredQuery.toLocaleLowerCase().split(/\s+/).filter(Boolean);
  const handled = (item: InboxItem) => placed.has(item.id) || item.dismissed;
  const waiting = items.filter((item) => !handled(item)).length;
  const visible = items.filter((item) => (showHandled || !handled(item)) && matches(item, words));
  const openImport = () => useDialogStore.getState().show('import');
  const started =
    board.meta.startedAt ?? board.cards.find((c) => c.place.occurredAt !== null)?.place.occurredAt ?? null;
  const incidentDay = started === null ? null : formatDateTime(started, participant.timeZone).slice(0, 10);

  const place = (item: InboxItem, laneId?: string) => {
    try {
      placeInboxItem(session.doc, laneId ? { itemId: item.id, laneId } : { itemId: item.id }, ctx);
      useViewStore.getState().revealCards([item.id]);
      setStatus(`Placed on the timeline: ${item.text.slice(0, 60)}`);
    } catch (error) {
      setStatus(`Could not place it: ${(error as Error).message}`);
    }
  };

  useDndMonitor({
    onDragEnd(event) {
      const item = (event.active.data.current as { inboxItem?: InboxItem } | undefined)?.inboxItem;
      const over = (event.over?.data.current ?? null) as { laneId?: string } | null;
      if (!item || !canEdit || !over?.laneId) return;
      place(item, over.laneId);
    },
  });

  return (
    <section className="panel-section inbox-panel" aria-labelledby="inbox-heading">
      <h2 id="inbox-heading">Evidence inbox</h2>
      <p className="muted">
        Imported messages, alerts and deploys wait here. Place the ones that matter: they join the timeline at their own
        time, in their own lane (or drag one onto a lane).
      </p>
      {items.length === 0 ? (
        <p className="muted">
          Nothing waiting.{' '}
          {canEdit && (
            <button type="button" className="link-button" onClick={openImport}>
              Import a Slack export, pager log or deploy history…
            </button>
          )}
        </p>
      ) : (
        <>
          <div className="inbox-tools">
            <label>
              Search the inbox
              <input
                type="search"
                value={query}
                onChange={(e) => {
                  setQuery(e.target.value);
                  setShown(PAGE);
                }}
                placeholder="rollback, 5xx, Ana…"
              />
            </label>
            <label className="checkbox">
              <input type="checkbox" checked={showHandled} onChange={(e) => setShowHandled(e.target.checked)} />
              Show placed and set aside
            </label>
          </div>
          <p className="muted" aria-live="polite">
            {waiting} waiting of {items.length}
            {words.length ? `; ${visible.length} match` : ''}.
            {canEdit && items.length > waiting && (
              <>
                {' '}
                <button type="button" className="link-button" onClick={() => clearHandledInbox(session.doc, ctx)}>
                  Clear placed and set-aside items
                </button>
              </>
            )}
          </p>
          {status && (
            <p role="status" className="muted">
              {status}
            </p>
          )}
          <ol className="inbox-list" aria-label="Waiting evidence">
            {visible.slice(0, shown).map((item, index) => (
              <InboxRow
                key={item.id}
                item={item}
                reply={item.thread !== null && visible[index - 1]?.thread === item.thread}
                placed={placed.has(item.id)}
                canEdit={canEdit}
                lanes={board.lanes}
                zone={participant.timeZone}
                incidentDay={incidentDay}
                onPlace={place}
                onDismiss={(dismissed) => setInboxItemDismissed(session.doc, item.id, dismissed, ctx)}
              />
            ))}
          </ol>
          {visible.length > shown && (
            <button type="button" onClick={() => setShown((n) => n + PAGE)}>
              Show {Math.min(PAGE, visible.length - shown)} more of {visible.length - shown}
            </button>
          )}
        </>
      )}
    </section>
  );
}

interface InboxRowProps {
  readonly item: InboxItem;
  readonly reply: boolean;
  readonly placed: boolean;
  readonly canEdit: boolean;
  readonly lanes: readonly Lane[];
  readonly zone: string;
  /** "2024-05-01" in the viewer's zone, or null when the board has no start. */
  readonly incidentDay: string | null;
  onPlace(item: InboxItem, laneId?: string): void;
  onDismiss(dismissed: boolean): void;
}

function InboxRow({ item, reply, placed, canEdit, lanes, zone, incidentDay, onPlace, onDismiss }: InboxRowProps) {
  const active = canEdit && !placed && !item.dismissed;
  const { attributes, listeners, setNodeRef, isDragging } = useDraggable({
    id: `${INBOX_DRAG_PREFIX}${item.id}`,
    data: { inboxItem: item },
    disabled: !active,
  });
  const full = item.occurredAt === null ? 'time unknown' : formatDateTime(item.occurredAt, zone);
  // The clock alone on the incident's day; the date too when the evidence is from another day.
  const time =
    item.occurredAt === null || full.slice(0, 10) !== incidentDay ? full : formatClock(item.occurredAt, zone);
  return (
    <li
      className={`inbox-item kind-${item.kind}${reply ? ' reply' : ''}${placed ? ' placed' : ''}${item.dismissed ? ' dismissed' : ''}${isDragging ? ' dragging' : ''}`}
      data-inbox-id={item.id}
    >
      <div
        ref={setNodeRef}
        className="inbox-drag"
        {...(active ? listeners : {})}
        {...(active ? { 'aria-roledescription': attributes['aria-roledescription'] } : {})}
        title={active ? 'Drag onto a lane to place it there' : undefined}
      >
        <span className="inbox-meta">
          <time title={full}>{time}</time> · <strong>{item.speaker}</strong> · {CARD_KIND_STYLE[item.kind].label}
          {item.note ? <span className="muted"> · {item.note}</span> : null}
        </span>
        <span className="inbox-text">{item.text}</span>
      </div>
      {placed ? (
        <p className="inbox-done muted">
          On the timeline.{' '}
          <button type="button" className="link-button" onClick={() => useViewStore.getState().revealCards([item.id])}>
            Show it
          </button>
        </p>
      ) : canEdit ? (
        <div className="inbox-actions">
          {item.dismissed ? (
            <button type="button" onClick={() => onDismiss(false)}>
              Bring back
            </button>
          ) : (
            <>
              <button
                type="button"
                className="primary"
                onClick={() => onPlace(item)}
                aria-label={`Place on the timeline: ${item.text.slice(0, 80)}`}
              >
                Place
              </button>
              <label className="visually-hidden" htmlFor={`inbox-lane-${item.id}`}>
                Place in lane
              </label>
              <select
                id={`inbox-lane-${item.id}`}
                value=""
                onChange={(e) => e.target.value && onPlace(item, e.target.value)}
              >
                <option value="">In lane…</option>
                {lanes.map((lane) => (
                  <option key={lane.id} value={lane.id}>
                    {lane.name}
                  </option>
                ))}
              </select>
              <button type="button" onClick={() => onDismiss(true)}>
                Set aside
              </button>
            </>
          )}
        </div>
      ) : null}
    </li>
  );
}
