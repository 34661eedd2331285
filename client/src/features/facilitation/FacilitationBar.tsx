import {
  describeReadiness,
  nextPhase,
  readSeat,
  readinessOf,
  PHASE_GUIDE,
  PHASES,
  previousPhase,
  setPhase,
  type Phase,
} from '@retrace/shared';
import { useEffect, useId, useState } from 'react';
import { useCompactBoard } from '../../lib/useMediaQuery';
import { useStore } from 'zustand';
import { useBoardContext, useControl, usePeers } from '../board/BoardContext';
import { KickoffScript } from './KickoffScript';
import { PhaseTimer } from './PhaseTimer';
import { VotingControls } from './VotingControls';
import { CardVotingSummary } from './CardVotingSummary';
import { SpotlightIndicator } from './SpotlightIndicator';
import { FollowControl, GatherButton } from './FollowControl';
import { useFollowSpotlight } from './useFollowSpotlight';
import { SilentRoundBanner } from '../silentRound/SilentRoundBanner';
import { SilentRoundControls } from '../silentRound/SilentRoundControls';
import { GroupingBanner, GroupingControl } from './GroupingStep';

/** What this person signals about the current phase, in their awareness state. */
interface Signal {
  readonly ready: Phase | null;
  readonly moveOn: Phase | null;
}

/**
 * The facilitated review's guide: the phases with the current one's purpose and prompts,
 * the shared timer, and readiness. The facilitator moves between phases; everyone else can
 * say they are done or that the group should move on.
 */
export function FacilitationBar() {
  const { role, session, participant } = useBoardContext();
  const { phase, silentRound } = useControl();
  const synced = useStore(session.control.synced);
  const facilitator = role === 'facilitator';
  const guide = PHASE_GUIDE[phase];
  const doc = session.control.doc;
  const peers = usePeers();
  const awareness = session.provider.awareness;
  const [signal, setSignal] = useState<Signal>({ ready: null, moveOn: null });
  // A new phase (or one revisited) starts with nobody done: an old "I'm done" does not carry over.
  const [signalPhase, setSignalPhase] = useState(phase);
  if (signalPhase !== phase) {
    setSignalPhase(phase);
    setSignal({ ready: null, moveOn: null });
  }
  useEffect(() => {
    awareness.setLocalStateField('ready', signal.ready);
    awareness.setLocalStateField('moveOn', signal.moveOn);
  }, [awareness, signal]);
  // Readiness counts people, not tabs: each state carries the seat the server stamped on it
  // (mine comes from the server too). Viewers and facilitators are not counted.
  const mySeat = useStore(session.seat) ?? { id: 'this-tab', role };
  const readiness = readinessOf(
    [
      ...peers.map((peer) => ({ ...(peer as Partial<Signal>), seat: readSeat(peer), name: peer.user.name })),
      { ...signal, seat: mySeat, name: participant.name },
    ],
    phase,
  );
  const anonymousRound = silentRound.stage !== 'idle' && silentRound.anonymous;
  useFollowSpotlight();
  const previous = previousPhase(phase);
  const next = nextPhase(phase);
  const compact = useCompactBoard();
  const [detailsOpen, setDetailsOpen] = useState(false);
  const detailsId = useId();
  if (!synced) return null;

  const steps = (
    <ol className="phase-steps" aria-label="Phases">
      {PHASES.map((p, index) => (
        <li key={p} aria-current={p === phase ? 'step' : undefined} className={p === phase ? 'current' : undefined}>
          {facilitator ? (
            <button type="button" onClick={() => setPhase(doc, p)} aria-pressed={p === phase}>
              {index + 1}. {PHASE_GUIDE[p].label}
            </button>
          ) : (
            <span>
              {index + 1}. {PHASE_GUIDE[p].label}
            </span>
          )}
        </li>
      ))}
    </ol>
  );
  const guideText = (
    <div className="phase-guide" data-testid="phase-guide">
      <p>
        <strong>{guide.label}.</strong> {guide.purpose}
      </p>
      <ul className="phase-prompts">
        {guide.prompts.map((prompt) => (
          <li key={prompt}>{prompt}</li>
        ))}
      </ul>
    </div>
  );
  const roundControls = (
    <>
      {facilitator && (phase === 'perspectives' || phase === 'factors' || phase === 'actions') && (
        <VotingControls key={phase} defaultSubject={phase === 'perspectives' ? 'cards' : 'factors'} />
      )}
      {facilitator && (phase === 'timeline' || phase === 'perspectives' || silentRound.stage !== 'idle') && (
        <SilentRoundControls />
      )}
      {facilitator && (phase === 'timeline' || phase === 'perspectives' || phase === 'factors') && <GroupingControl />}
    </>
  );
  const readinessText = (
    <span className="readiness" data-testid="readiness">
      {describeReadiness(readiness, !anonymousRound)}
    </span>
  );
  const moveButtons = facilitator ? (
    <span className="button-group" role="group" aria-label="Move between phases">
      <button type="button" disabled={!previous} onClick={() => previous && setPhase(doc, previous)}>
        Back
      </button>
      <button type="button" disabled={!next} onClick={() => next && setPhase(doc, next)}>
        {next ? `Next: ${PHASE_GUIDE[next].label}` : 'Last phase'}
      </button>
    </span>
  ) : (
    <span className="button-group" role="group" aria-label="Your readiness">
      <button
        type="button"
        aria-pressed={signal.ready === phase}
        onClick={() => setSignal((s) => ({ ...s, ready: s.ready === phase ? null : phase }))}
      >
        I’m done
      </button>
      <button
        type="button"
        aria-pressed={signal.moveOn === phase}
        onClick={() => setSignal((s) => ({ ...s, moveOn: s.moveOn === phase ? null : phase }))}
      >
        Let’s move on
      </button>
    </span>
  );

  if (compact) {
    // Beside a video call: one row (phase, timer, readiness, the next step); the phases,
    // the guide, round controls and the kick-off script open on demand.
    return (
      <section className="facilitation compact" aria-label="Facilitation">
        <div className="facilitation-row">
          <button
            type="button"
            className="phase-current"
            aria-expanded={detailsOpen}
            aria-controls={detailsId}
            onClick={() => setDetailsOpen((open) => !open)}
          >
            Phase {PHASES.indexOf(phase) + 1} of {PHASES.length}: <strong>{guide.label}</strong>
            <span aria-hidden="true"> {detailsOpen ? '▴' : '▾'}</span>
          </button>
          {!detailsOpen && (
            <p className="phase-purpose" title={guide.purpose}>
              {guide.purpose}
            </p>
          )}
          <SpotlightIndicator />
          {facilitator ? <GatherButton /> : <FollowControl />}
          <PhaseTimer show="time" />
          {readinessText}
          {moveButtons}
        </div>
        {detailsOpen && (
          <div className="facilitation-details" id={detailsId}>
            {steps}
            {guideText}
            <div className="phase-actions">
              {facilitator && <PhaseTimer show="controls" />}
              {roundControls}
            </div>
            {phase === 'kickoff' && <KickoffScript open={facilitator} />}
          </div>
        )}
        <SilentRoundBanner />
        <GroupingBanner />
        <CardVotingSummary />
      </section>
    );
  }

  return (
    <section className="facilitation" aria-label="Facilitation">
      {steps}
      {guideText}
      <div className="phase-actions">
        <SpotlightIndicator />
        {facilitator ? <GatherButton /> : <FollowControl />}
        <PhaseTimer />
        {roundControls}
        {readinessText}
        {moveButtons}
      </div>
      <SilentRoundBanner />
      <GroupingBanner />
      <CardVotingSummary />
      {phase === 'kickoff' && <KickoffScript open={facilitator} />}
    </section>
  );
}
