import * as Y from 'yjs';
import { boardRoots, compareCards, readBoard, readCard } from './boardDoc';
import { NOTE_KEYS, type BoardSnapshot, type Card } from './types';

/**
 * A live, incremental read-only view of a board. Cards are re-read only when they change,
 * and unchanged cards keep their object identity, so views can skip re-rendering them.
 * The small parts (meta, lanes, factors, actions, notes) are re-read whenever they change.
 * Listeners run once per transaction that changed something.
 */
export class BoardProjection {
  private current: BoardSnapshot;
  private readonly cards = new Map<string, Card>();
  private readonly dirtyCards = new Set<string>();
  private restDirty = false;
  private readonly listeners = new Set<(snapshot: BoardSnapshot) => void>();
  private readonly stops: Array<() => void> = [];

  constructor(private readonly doc: Y.Doc) {
    this.current = readBoard(doc);
    for (const card of this.current.cards) this.cards.set(card.id, card);
    const roots = boardRoots(doc);

    const onCards = (events: Array<Y.YEvent<Y.AbstractType<unknown>>>) => {
      for (const event of events) {
        if (event.target === roots.cards) for (const id of event.changes.keys.keys()) this.dirtyCards.add(id);
        else if (typeof event.path[0] === 'string') this.dirtyCards.add(event.path[0]);
      }
    };
    this.observeDeep(roots.cards as Y.Map<unknown>, onCards);
    const markRest = () => {
      this.restDirty = true;
    };
    for (const type of [roots.meta, roots.lanes, roots.factors, roots.actions] as Array<Y.Map<unknown>>) {
      this.observeDeep(type, markRest);
    }
    for (const key of NOTE_KEYS) {
      const text = roots.note(key);
      text.observe(markRest);
      this.stops.push(() => text.unobserve(markRest));
    }
    const afterTransaction = () => {
      if (this.dirtyCards.size > 0 || this.restDirty) this.refresh();
    };
    doc.on('afterTransaction', afterTransaction);
    this.stops.push(() => doc.off('afterTransaction', afterTransaction));
  }

  get snapshot(): BoardSnapshot {
    return this.current;
  }

  subscribe(listener: (snapshot: BoardSnapshot) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  destroy(): void {
    for (const stop of this.stops) stop();
    this.listeners.clear();
  }

  private observeDeep(type: Y.Map<unknown>, handler: (events: Array<Y.YEvent<Y.AbstractType<unknown>>>) => void): void {
    type.observeDeep(handler);
    this.stops.push(() => type.unobserveDeep(handler));
  }

  private refresh(): void {
    let cards = this.current.cards;
    if (this.dirtyCards.size > 0) {
      const map = boardRoots(this.doc).cards;
      for (const id of this.dirtyCards) {
        const entity = map.get(id);
        if (entity instanceof Y.Map) this.cards.set(id, readCard(id, entity));
        else this.cards.delete(id);
      }
      this.dirtyCards.clear();
      cards = [...this.cards.values()].sort(compareCards);
    }
    const rest = this.restDirty ? readBoard(this.doc, { skipCards: true }) : this.current;
    this.restDirty = false;
    this.current = { ...rest, cards };
    for (const listener of this.listeners) listener(this.current);
  }
}
