import { describe, expect, it } from 'vitest';
import { createReplica, deliver, drain, forkReplica, syncAll, type Replica } from '../testing/replicas';
import { readBoard } from '../schema/boardDoc';
import { createCard, deleteCard, editCard, moveCard, restoreCard } from './cards';
import { createFactor, tagCard, untagCard } from './factors';
import { createLane } from './lanes';
import { initBoard } from './meta';

const T0 = Date.UTC(2024, 4, 1, 14, 0);

/** A seeded board with two lanes and one card, forked into `count` replicas. */
function seeded(count: number) {
  const origin = createReplica(1);
  initBoard(origin.doc, { title: 'Checkout 500s' });
  const laneA = createLane(origin.doc, { name: 'Backend' });
  const laneB = createLane(origin.doc, { name: 'Support' });
  const card = createCard(origin.doc, { text: 'error rate up', laneId: laneA, occurredAt: T0 });
  const factor = createFactor(origin.doc, { name: 'Misleading dashboard' });
  const other = createFactor(origin.doc, { name: 'No canary' });
  const replicas = Array.from({ length: count }, (_, i) => forkReplica(origin.doc, 100 + i));
  return { replicas, laneA, laneB, card, factor, other };
}

function snapshotJson(replica: Replica): string {
  return JSON.stringify(readBoard(replica.doc));
}

function expectConverged(replicas: readonly Replica[]): void {
  const first = snapshotJson(replicas[0]!);
  for (const replica of replicas.slice(1)) expect(snapshotJson(replica)).toBe(first);
}

describe('concurrent edits converge', () => {
  it('two concurrent moves of one card: one whole place wins, never a mix', () => {
    for (const order of ['forward', 'reverse'] as const) {
      const { replicas, laneA, laneB, card } = seeded(2);
      const [alice, bob] = replicas as [Replica, Replica];
      moveCard(alice.doc, { cardId: card, laneId: laneB, occurredAt: T0 + 60_000 });
      moveCard(bob.doc, { cardId: card, laneId: laneA, occurredAt: T0 + 300_000 });
      syncAll(replicas, order);
      expectConverged(replicas);
      const place = readBoard(alice.doc).cards.find((c) => c.id === card)?.place;
      const options = [
        { laneId: laneB, occurredAt: T0 + 60_000 },
        { laneId: laneA, occurredAt: T0 + 300_000 },
      ];
      expect(options).toContainEqual({ laneId: place?.laneId, occurredAt: place?.occurredAt });
      expect(readBoard(alice.doc).cards).toHaveLength(1);
    }
  });

  it('an edit made concurrently with a soft delete is kept and comes back on restore', () => {
    const { replicas, card } = seeded(2);
    const [alice, bob] = replicas as [Replica, Replica];
    deleteCard(alice.doc, { cardId: card });
    editCard(bob.doc, { cardId: card, text: 'error rate up on checkout only' });
    syncAll(replicas);
    expectConverged(replicas);
    const deleted = readBoard(alice.doc).cards[0];
    expect(deleted?.deletedAt).not.toBeNull();
    expect(deleted?.text).toBe('error rate up on checkout only');
    restoreCard(alice.doc, { cardId: card });
    syncAll(replicas);
    expect(readBoard(bob.doc).cards[0]).toMatchObject({ deletedAt: null, text: 'error rate up on checkout only' });
  });

  it('concurrent tag and untag of different factors merge as a set', () => {
    const { replicas, card, factor, other } = seeded(2);
    const [alice, bob] = replicas as [Replica, Replica];
    tagCard(alice.doc, { cardId: card, factorId: factor });
    syncAll(replicas);
    untagCard(alice.doc, { cardId: card, factorId: factor });
    tagCard(bob.doc, { cardId: card, factorId: other });
    syncAll(replicas, 'reverse');
    expectConverged(replicas);
    expect(readBoard(alice.doc).cards[0]?.factorIds).toEqual([other]);
  });

  it('cards created concurrently in the same slot are all kept, in one agreed order', () => {
    const { replicas, laneA } = seeded(3);
    const ids = replicas.map((replica, i) =>
      createCard(replica.doc, { text: `card ${i}`, laneId: laneA, occurredAt: T0 + 60_000 }),
    );
    syncAll(replicas, 'reverse');
    expectConverged(replicas);
    const onBoard = readBoard(replicas[0]!.doc).cards.map((c) => c.id);
    expect(onBoard.filter((id) => ids.includes(id)).sort()).toEqual([...ids].sort());
    expect(new Set(onBoard).size).toBe(onBoard.length);
  });

  it('random operations delivered in shuffled, duplicated orders converge without losing or duplicating cards', () => {
    let seed = 42;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
    const { replicas, laneA, laneB, factor } = seeded(4);
    const created = new Set<string>();
    for (let round = 0; round < 30; round++) {
      for (const replica of replicas) {
        const cards = readBoard(replica.doc).cards;
        const roll = random();
        if (roll < 0.35 || cards.length === 0) {
          created.add(
            createCard(replica.doc, {
              text: `r${round}`,
              laneId: pick([laneA, laneB]),
              occurredAt: T0 + Math.floor(random() * 10) * 60_000,
            }),
          );
        } else if (roll < 0.7) {
          moveCard(replica.doc, {
            cardId: pick(cards).id,
            laneId: pick([laneA, laneB]),
            occurredAt: pick([null, T0, T0 + 60_000]),
          });
        } else if (roll < 0.8) {
          editCard(replica.doc, { cardId: pick(cards).id, text: `edited ${round}` });
        } else if (roll < 0.9) {
          deleteCard(replica.doc, { cardId: pick(cards).id });
        } else {
          tagCard(replica.doc, { cardId: pick(cards).id, factorId: factor });
        }
      }
      if (random() < 0.4) {
        // Partial, shuffled, duplicated delivery between a random pair.
        const from = pick(replicas);
        const to = pick(replicas);
        const batch = drain(from);
        const shuffled = [...batch, ...batch].sort(() => random() - 0.5);
        deliver(to, shuffled);
        from.outbox.push(...batch);
      }
    }
    syncAll(replicas, 'reverse');
    syncAll(replicas);
    expectConverged(replicas);
    const cards = readBoard(replicas[0]!.doc).cards;
    const ids = cards.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of created) expect(ids).toContain(id);
    for (const card of cards) expect([laneA, laneB]).toContain(card.place.laneId);
  });
});
