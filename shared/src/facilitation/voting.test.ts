import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readControl, seedControl, setVoting } from './controlDoc';
import {
  castVote,
  clampBudget,
  openVotingRound,
  rankTargets,
  readVotes,
  retractVote,
  tallyVotes,
  votesLeft,
  type VotingState,
} from './voting';

const sync = (a: Y.Doc, b: Y.Doc) => {
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
};

describe('dot voting', () => {
  const round: VotingState = openVotingRound(3, 'factors', 'round1');

  it('spends a budget of dots per person, and takes them back', () => {
    const doc = new Y.Doc();
    expect(castVote(doc, round, 'ana', 'alerts', 1)).toBe(true);
    expect(castVote(doc, round, 'ana', 'alerts', 2)).toBe(true);
    expect(castVote(doc, round, 'ana', 'deploy', 3)).toBe(true);
    expect(castVote(doc, round, 'ana', 'deploy', 4)).toBe(false);
    expect(castVote(doc, round, 'ben', 'deploy', 5)).toBe(true);
    const tally = tallyVotes(readVotes(doc), round);
    expect(votesLeft(tally, round, 'ana')).toBe(0);
    expect(votesLeft(tally, round, 'ben')).toBe(2);
    // Most dots first; a tie is broken by id, the same on every client.
    expect(rankTargets(tally)).toEqual([
      { target: 'alerts', votes: 2 },
      { target: 'deploy', votes: 2 },
    ]);
    expect(retractVote(doc, round, 'ana', 'alerts')).toBe(true);
    expect(votesLeft(tallyVotes(readVotes(doc), round), round, 'ana')).toBe(1);
    expect(retractVote(doc, round, 'ben', 'alerts')).toBe(false);
  });

  it('never counts more than the budget when one person clicks in two tabs at once', () => {
    const tab1 = new Y.Doc();
    const tab2 = new Y.Doc();
    castVote(tab1, round, 'ana', 'alerts', 10);
    sync(tab1, tab2);
    // Both tabs believe two dots are left and each spends them.
    castVote(tab1, round, 'ana', 'alerts', 11);
    castVote(tab1, round, 'ana', 'alerts', 12);
    castVote(tab2, round, 'ana', 'deploy', 11);
    castVote(tab2, round, 'ana', 'deploy', 13);
    sync(tab1, tab2);
    expect(readVotes(tab1)).toHaveLength(5);
    const one = tallyVotes(readVotes(tab1), round);
    const two = tallyVotes(readVotes(tab2), round);
    expect(one.byVoter.get('ana')).toHaveLength(3);
    expect([...one.byTarget]).toEqual([...two.byTarget]); // every client counts the same dots
    expect(votesLeft(one, round, 'ana')).toBe(0);
    expect(castVote(tab1, round, 'ana', 'alerts', 20)).toBe(false);
  });

  it('counts only the current round, refuses votes when closed, and clamps budgets', () => {
    const doc = new Y.Doc();
    castVote(doc, round, 'ana', 'alerts', 1);
    const next = openVotingRound(2, 'factors', 'round2');
    expect(tallyVotes(readVotes(doc), next).byTarget.size).toBe(0);
    expect(castVote(doc, { ...next, open: false }, 'ana', 'alerts', 2)).toBe(false);
    expect(clampBudget(0)).toBe(1);
    expect(clampBudget(500)).toBe(20);
    expect(clampBudget(Number.NaN)).toBe(1);
  });

  it('keeps the round in the control document and ignores malformed entries', () => {
    const control = new Y.Doc();
    seedControl(control);
    expect(readControl(control).voting).toEqual({ round: null, open: false, budget: 3, on: 'factors' });
    setVoting(control, round);
    expect(readControl(control).voting).toEqual(round);
    setVoting(control, openVotingRound(2, 'cards', 'round3'));
    expect(readControl(control).voting).toMatchObject({ round: 'round3', on: 'cards' });
    control.getMap('control').set('voting', { round: 'r', open: true, budget: 2, on: 'people' });
    expect(readControl(control).voting.on).toBe('factors');
    control.getMap('control').set('voting', { round: 5, open: 'yes' });
    expect(readControl(control).voting.round).toBeNull();
    const doc = new Y.Doc();
    doc.getMap('votes').set('x', { round: 'round1', voter: 7 });
    doc.getMap('votes').set('y', 'nonsense');
    expect(readVotes(doc)).toEqual([]);
  });
});
