import {
  extendTimer,
  formatRemaining,
  isTimeUp,
  NO_TIMER,
  remainingMs,
  setTimer,
  startTimer,
  TIMER_PRESETS_MINUTES,
} from '@retrace/shared';
import { useState } from 'react';
import { useBoardContext, useControl } from '../board/BoardContext';
import { TimeUpNotice } from './TimeUpNotice';
import { useNow } from './useNow';
import { serverNow } from '../../sync/serverClock';

const MINUTE = 60_000;

/**
 * The phase timer everyone sees, counted from its absolute end time (so late joiners and
 * woken laptops agree); the facilitator starts, extends and stops it.
 */
export function PhaseTimer({ show = 'all' }: { show?: 'all' | 'time' | 'controls' } = {}) {
  const { role, session } = useBoardContext();
  const { timer } = useControl();
  const now = useNow(timer.endsAt !== null);
  const [minutes, setMinutes] = useState<number>(10);
  const left = remainingMs(timer, now);
  const up = isTimeUp(timer, now);
  const doc = session.control.doc;
  return (
    <div className="phase-timer">
      {left !== null && show !== 'controls' && (
        <span
          role="timer"
          aria-label={up ? 'Time is up' : `Time left: ${formatRemaining(left)}`}
          className={up ? 'timer-up' : 'timer-running'}
          data-testid="phase-timer"
        >
          {up ? 'Time’s up' : formatRemaining(left)}
        </span>
      )}
      {show !== 'controls' && <TimeUpNotice />}
      {role === 'facilitator' && show !== 'time' && (
        <span className="button-group" role="group" aria-label="Timer">
          {left === null || up ? (
            <>
              <select
                aria-label="Timer length"
                value={minutes}
                onChange={(event) => setMinutes(Number(event.target.value))}
              >
                {TIMER_PRESETS_MINUTES.map((m) => (
                  <option key={m} value={m}>
                    {m} min
                  </option>
                ))}
              </select>
              <button type="button" onClick={() => setTimer(doc, startTimer(minutes * MINUTE, serverNow()))}>
                Start timer
              </button>
            </>
          ) : (
            <>
              <button type="button" onClick={() => setTimer(doc, extendTimer(timer, MINUTE, serverNow()))}>
                +1 min
              </button>
              <button type="button" onClick={() => setTimer(doc, extendTimer(timer, 5 * MINUTE, serverNow()))}>
                +5 min
              </button>
            </>
          )}
          {left !== null && (
            <button type="button" onClick={() => setTimer(doc, NO_TIMER)}>
              {up ? 'Clear' : 'Stop'}
            </button>
          )}
        </span>
      )}
    </div>
  );
}
