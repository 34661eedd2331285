import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readControl, seedControl, setVoting } from './controlDoc';
import {
  NO_VOTING,
  clampBudget,
  closeVotingRound,
  openVotingRound,
  rankVotes,
  resultsByTarget,
  isAgendaPhase,
  voteRefusal,
  votingShownIn,
  type Vote,
} from './voting';

const vote = (voter: string, target: string, round = 'round1', at = 0): Vote => ({
  id: `${voter}-${target}-${at}`,
  round,
  voter,
  target,
  at,
});

describe('dot voting', () => {
  const round = openVotingRound(3, 'factors', { round: 'round1', phase: 'factors' });

  it('ranks targets by dots, a tie broken by id the same way everywhere', () => {
    expect(
      rankVotes([vote('ana', 'deploy'), vote('ana', 'alerts'), vote('ben', 'alerts'), vote('ben', 'deploy')]),
    ).toEqual([
      { target: 'alerts', votes: 2 },
      { target: 'deploy', votes: 2 },
    ]);
    expect(rankVotes([])).toEqual([]);
  });

  it('refuses a dot outside an open round, for an earlier round, or past the budget', () => {
    expect(voteRefusal(NO_VOTING, null, 0)).toMatch(/no dot-voting round is open/);
    expect(voteRefusal({ ...round, open: false }, null, 0)).toMatch(/no dot-voting round is open/);
    expect(voteRefusal(round, 'round0', 0)).toMatch(/voting round is over/);
    expect(voteRefusal(round, 'round1', 2)).toBeNull();
    expect(voteRefusal(round, null, 3)).toMatch(/all 3 of your dots are spent/);
  });

  it('counts once at close: the ranking and the final counts, this round only', () => {
    const closed = closeVotingRound(round, [
      vote('ana', 'alerts'),
      vote('ana', 'alerts', 'round1', 1),
      vote('ben', 'deploy'),
      vote('cy', 'deploy', 'round0'),
    ]);
    expect(closed).toMatchObject({ open: false, cast: 3, voters: 2 });
    expect(closed.results).toEqual([
      { target: 'alerts', votes: 2 },
      { target: 'deploy', votes: 1 },
    ]);
    expect(resultsByTarget(closed).get('deploy')).toBe(1);
    expect(resultsByTarget(round).size).toBe(0);
  });

  it('shows a closed round where it ran and, as the agenda, in the next phase only', () => {
    const ran = closeVotingRound(openVotingRound(3, 'cards', { round: 'r', phase: 'perspectives' }), [
      vote('a', 'c1', 'r'),
    ]);
    expect(votingShownIn(ran, 'perspectives')).toBe(true);
    expect(votingShownIn(ran, 'factors')).toBe(true);
    expect(isAgendaPhase(ran, 'factors')).toBe(true);
    expect(isAgendaPhase(ran, 'perspectives')).toBe(false);
    expect(votingShownIn(ran, 'actions')).toBe(false);
    expect(votingShownIn({ ...ran, open: true, results: null }, 'wrapup')).toBe(true);
    expect(votingShownIn(NO_VOTING, 'factors')).toBe(false);
    expect(
      isAgendaPhase(
        closeVotingRound(openVotingRound(3, 'cards', { round: 'r', phase: 'perspectives' }), []),
        'factors',
      ),
    ).toBe(false);
  });

  it('clamps budgets', () => {
    expect(clampBudget(0)).toBe(1);
    expect(clampBudget(500)).toBe(20);
    expect(clampBudget(Number.NaN)).toBe(1);
  });

  it('keeps the round in the control document and ignores malformed entries', () => {
    const control = new Y.Doc();
    seedControl(control);
    expect(readControl(control).voting).toEqual(NO_VOTING);
    setVoting(control, round);
    expect(readControl(control).voting).toEqual(round);
    const closed = closeVotingRound(round, [vote('ana', 'alerts')]);
    setVoting(control, closed);
    expect(readControl(control).voting).toEqual(closed);
    control.getMap('control').set('voting', { round: 'r', open: true, budget: 2, on: 'people', results: [] });
    expect(readControl(control).voting).toMatchObject({ on: 'factors', results: null, cast: 0 });
    control
      .getMap('control')
      .set('voting', { round: 'r', open: false, results: [{ target: 1 }, { target: 'a', votes: 2 }] });
    expect(readControl(control).voting.results).toEqual([{ target: 'a', votes: 2 }]);
    control.getMap('control').set('voting', { round: 5, open: 'yes' });
    expect(readControl(control).voting.round).toBeNull();
  });
});
