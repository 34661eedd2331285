import { FACTOR_CATEGORIES, compareCards, type BoardSnapshot, type Card, type Factor } from '@retrace/shared';

export interface FactorWithEvidence {
  readonly factor: Factor;
  /** Live cards tagged with the factor, in timeline order. */
  readonly evidence: readonly Card[];
}

export interface FactorGroup {
  readonly category: string;
  readonly factors: readonly FactorWithEvidence[];
}

/** Live factors with their evidence, grouped by category: taxonomy order first, then custom ones. */
export function groupFactors(board: BoardSnapshot): FactorGroup[] {
  const live = board.cards.filter((card) => card.deletedAt === null);
  const groups = new Map<string, FactorWithEvidence[]>();
  for (const factor of board.factors) {
    if (factor.deletedAt !== null) continue;
    const evidence = live.filter((card) => card.factorIds.includes(factor.id)).sort(compareCards);
    groups.set(factor.category, [...(groups.get(factor.category) ?? []), { factor, evidence }]);
  }
  const order = FACTOR_CATEGORIES.map((c) => c.id as string);
  return [...groups.entries()]
    .sort(([a], [b]) => {
      const ia = order.indexOf(a);
      const ib = order.indexOf(b);
      return (ia < 0 ? order.length : ia) - (ib < 0 ? order.length : ib) || a.localeCompare(b);
    })
    .map(([category, factors]) => ({ category, factors }));
}
