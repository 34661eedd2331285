/**
 * Stacks a lane's timed cards into rows so none overlap: each card takes the first row
 * whose previous card ends before it starts. Cards arrive in timeline order.
 */
/** Anything with a place on the axis: a card, or one of my private drafts. */
interface Timed {
  readonly place: { readonly occurredAt: number | null };
}

export interface PlacedCard<T extends Timed> {
  readonly card: T;
  readonly x: number;
  readonly row: number;
}

export function layoutLane<T extends Timed>(
  cards: readonly T[],
  xOf: (instant: number) => number,
  cardWidth: number,
  gap = 8,
): { placed: PlacedCard<T>[]; rows: number } {
  const rowEnds: number[] = [];
  const placed: PlacedCard<T>[] = [];
  for (const card of cards) {
    if (card.place.occurredAt === null) continue;
    const x = xOf(card.place.occurredAt);
    let row = rowEnds.findIndex((end) => end + gap <= x);
    if (row < 0) row = rowEnds.length;
    rowEnds[row] = x + cardWidth;
    placed.push({ card, x, row });
  }
  return { placed, rows: Math.max(1, rowEnds.length) };
}
