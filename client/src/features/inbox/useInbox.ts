import { boardRoots, readInbox, type InboxItem } from '@retrace/shared';
import { useMemo, useSyncExternalStore } from 'react';
import type * as Y from 'yjs';
import { useBoardContext, useBoardSnapshot } from '../board/BoardContext';

/** A store over the document's inbox: re-read at most once per frame however many updates arrive. */
function inboxStore(doc: Y.Doc) {
  let items = readInbox(doc);
  return {
    get: () => items,
    subscribe(listener: () => void) {
      const inbox = boardRoots(doc).inbox;
      let frame = 0;
      const refresh = () => {
        if (frame) return;
        frame = requestAnimationFrame(() => {
          frame = 0;
          items = readInbox(doc);
          listener();
        });
      };
      inbox.observeDeep(refresh);
      return () => {
        inbox.unobserveDeep(refresh);
        if (frame) cancelAnimationFrame(frame);
      };
    },
  };
}

/** The board's evidence inbox, kept current as anyone adds, places or sets aside items. */
export function useInbox(): readonly InboxItem[] {
  const { session } = useBoardContext();
  const store = useMemo(() => inboxStore(session.doc), [session.doc]);
  return useSyncExternalStore(store.subscribe, store.get);
}

/** How many inbox items wait to be placed or set aside (for the tab's badge). */
export function useWaitingEvidence(): number {
  const items = useInbox();
  const board = useBoardSnapshot();
  return useMemo(() => {
    if (items.length === 0) return 0;
    const onTimeline = new Set(board.cards.filter((card) => card.deletedAt === null).map((card) => card.id));
    return items.filter((item) => !item.dismissed && !onTimeline.has(item.id)).length;
  }, [items, board.cards]);
}
