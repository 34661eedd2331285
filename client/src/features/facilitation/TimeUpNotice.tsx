import { isTimeUp } from '@retrace/shared';
import { useEffect, useRef, useState } from 'react';
import { useControl } from '../board/BoardContext';
import { useNow } from './useNow';

const SOUND_KEY = 'retrace.time-up-sound';
/** The notice stays this long unless dismissed (the timer itself keeps saying "Time's up"). */
const NOTICE_MS = 20_000;

export function timeUpSoundOn(storage: Pick<Storage, 'getItem'> = localStorage): boolean {
  return storage.getItem(SOUND_KEY) !== 'off';
}

/** A short two-note chime, made on the spot (no audio file to load); silent where audio is unavailable. */
function chime(): void {
  try {
    const context = new AudioContext();
    const notes = [880, 660];
    notes.forEach((frequency, i) => {
      const oscillator = context.createOscillator();
      const gain = context.createGain();
      oscillator.frequency.value = frequency;
      const start = context.currentTime + i * 0.25;
      gain.gain.setValueAtTime(0.0001, start);
      gain.gain.exponentialRampToValueAtTime(0.2, start + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, start + 0.22);
      oscillator.connect(gain).connect(context.destination);
      oscillator.start(start);
      oscillator.stop(start + 0.25);
    });
    setTimeout(() => void context.close(), 800);
  } catch {
    // no audio here: the notice still shows
  }
}

/**
 * The moment the shared timer runs out, everyone gets a notice they cannot miss: a banner
 * (read out by screen readers) and, unless they turned it off, a short chime. Only a timer
 * seen running gives it: opening a board whose time ran out earlier shows no notice.
 */
export function TimeUpNotice() {
  const { timer, phase } = useControl();
  const now = useNow(timer.endsAt !== null);
  const up = isTimeUp(timer, now);
  /** The timer end (and phase) the notice is for: it goes with a new phase, a new timer, or after a while. */
  const [shownFor, setShownFor] = useState<{ endsAt: number; phase: string } | null>(null);
  const [sound, setSound] = useState(() => timeUpSoundOn());
  const seenRunning = useRef<number | null>(null);

  useEffect(() => {
    if (timer.endsAt === null) return;
    if (!up) {
      seenRunning.current = timer.endsAt;
      return;
    }
    if (seenRunning.current !== timer.endsAt) return; // it was already up when we looked
    seenRunning.current = null;
    setShownFor({ endsAt: timer.endsAt, phase }); // the live region already says it (LiveAnnouncer)
    if (timeUpSoundOn()) chime();
  }, [up, timer.endsAt, phase]);
  useEffect(() => {
    if (!shownFor) return;
    const hide = setTimeout(() => setShownFor(null), NOTICE_MS);
    return () => clearTimeout(hide);
  }, [shownFor]);

  const toggleSound = () => {
    const next = !sound;
    localStorage.setItem(SOUND_KEY, next ? 'on' : 'off');
    setSound(next);
  };
  const visible = shownFor !== null && shownFor.endsAt === timer.endsAt && shownFor.phase === phase;
  return (
    <>
      {visible && (
        <div className="time-up-notice" role="alert" data-testid="time-up">
          <strong>Time’s up.</strong> The facilitator decides what comes next.
          <button type="button" onClick={() => setShownFor(null)}>
            Dismiss
          </button>
        </div>
      )}
      {timer.endsAt !== null && (
        <button
          type="button"
          className="sound-toggle"
          aria-pressed={sound}
          onClick={toggleSound}
          title="A chime when the timer runs out"
        >
          {sound ? 'Chime on' : 'Chime off'}
        </button>
      )}
    </>
  );
}
