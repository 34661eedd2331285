import {
  cardMovedAnnouncement,
  isTimeUp,
  phaseAnnouncement,
  spotlightAnnouncement,
  TIME_UP_ANNOUNCEMENT,
  type BoardSnapshot,
} from '@retrace/shared';
import { useEffect, useRef } from 'react';
import { useStore } from 'zustand';
import { announce, useAnnouncer } from '../../stores/announcer';
import type { Peer } from '../../stores/presence';
import { useNow } from '../facilitation/useNow';
import { useBoardContext, useControl } from './BoardContext';

/** The board's polite live region: changes that matter during a call, read out once. */
export function LiveAnnouncer() {
  const message = useAnnouncer((s) => s.message);
  useCallAnnouncements();
  useFocusedCardMoves();
  return (
    <div className="visually-hidden" role="status" aria-live="polite" aria-atomic="true" data-testid="announcer">
      {message}
    </div>
  );
}

/** Phase changes, the timer running out, and each new spotlight (not what was there on arrival). */
function useCallAnnouncements(): void {
  const { session, role } = useBoardContext();
  const { phase, timer, spotlight } = useControl();
  const synced = useStore(session.control.synced);
  const now = useNow(timer.endsAt !== null);
  const up = isTimeUp(timer, now);
  const board = useStore(session.board);

  const seenPhase = useRef<string | null>(null);
  useEffect(() => {
    if (!synced) return;
    if (seenPhase.current !== null && seenPhase.current !== phase) announce(phaseAnnouncement(phase));
    seenPhase.current = phase;
  }, [synced, phase]);

  const wasUp = useRef<boolean | null>(null);
  useEffect(() => {
    if (!synced) return;
    if (wasUp.current === false && up) announce(TIME_UP_ANNOUNCEMENT);
    wasUp.current = up;
  }, [synced, up]);

  const seenSpotlight = useRef<number | null | undefined>(undefined);
  useEffect(() => {
    if (!synced) return;
    const at = spotlight?.at ?? null;
    const first = seenSpotlight.current === undefined;
    seenSpotlight.current = at;
    if (first || at === null || role === 'facilitator') return; // the facilitator set it
    const name =
      spotlight!.kind === 'card'
        ? board.cards.find((card) => card.id === spotlight!.id)?.text
        : board.lanes.find((lane) => lane.id === spotlight!.id)?.name;
    if (name !== undefined) announce(spotlightAnnouncement({ kind: spotlight!.kind, name }));
    // Only a new spotlight announces; the board changing under it does not.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [synced, spotlight?.at]);
}

/** The id of the card that holds keyboard focus (the card itself or a control on it). */
function focusedCardId(): string | null {
  const active = document.activeElement;
  return active instanceof HTMLElement
    ? (active.closest<HTMLElement>('[data-card-id]')?.dataset['cardId'] ?? null)
    : null;
}

/**
 * Someone else moved the card I hold focus on: say where it went, and keep my focus on it
 * (moving to another lane re-creates the element, which would drop focus on the page).
 */
function useFocusedCardMoves(): void {
  const { session, participant, peers } = useBoardContext();
  const lastMover = useRef(new Map<string, string>());
  useEffect(
    () =>
      peers.subscribe((list: readonly Peer[]) => {
        for (const peer of list) if (peer.dragging) lastMover.current.set(peer.dragging.cardId, peer.user.name);
      }),
    [peers],
  );
  useEffect(() => {
    // Set as each transaction starts: the board's projection publishes the new snapshot as
    // the transaction ends, before any later 'afterTransaction' listener would run.
    let remote = false;
    const onTransaction = (transaction: { local: boolean }) => {
      remote = !transaction.local;
    };
    session.doc.on('beforeTransaction', onTransaction);
    let previous: BoardSnapshot = session.board.getState();
    let holding: string | null = null;
    const onFocus = () => {
      const id = focusedCardId();
      if (id) holding = id;
      else if (document.activeElement && document.activeElement !== document.body) holding = null;
    };
    document.addEventListener('focusin', onFocus);
    const stop = session.board.subscribe((snapshot) => {
      const wasRemote = remote;
      const before = previous;
      previous = snapshot;
      const id = focusedCardId() ?? (document.activeElement === document.body ? holding : null);
      if (!wasRemote || !id) return;
      const was = before.cards.find((card) => card.id === id);
      const now = snapshot.cards.find((card) => card.id === id);
      if (!was || !now || now.deletedAt !== null) return;
      const message = cardMovedAnnouncement(
        was,
        now,
        snapshot.lanes,
        participant.timeZone,
        lastMover.current.get(id) ?? null,
      );
      if (!message) return;
      announce(message);
      requestAnimationFrame(() => {
        if (focusedCardId() === id) return;
        document.querySelector<HTMLElement>(`[data-card-id="${CSS.escape(id)}"]`)?.focus({ preventScroll: true });
      });
    });
    return () => {
      stop();
      session.doc.off('beforeTransaction', onTransaction);
      document.removeEventListener('focusin', onFocus);
    };
  }, [session, participant.timeZone]);
}
