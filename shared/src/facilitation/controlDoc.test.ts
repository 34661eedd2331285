import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { DEFAULT_KICKOFF_SCRIPT } from './phases';
import { controlRoomOf, isControlRoom, readControl, seedControl, setPhase, setTimer } from './controlDoc';

describe('control document', () => {
  it('starts at kick-off with the default script and no timer, and records changes', () => {
    const doc = new Y.Doc();
    expect(readControl(doc).phase).toBe('kickoff');
    seedControl(doc);
    expect(readControl(doc)).toEqual({
      phase: 'kickoff',
      timer: { endsAt: null, durationMs: 0 },
      script: DEFAULT_KICKOFF_SCRIPT,
    });
    setPhase(doc, 'factors');
    setTimer(doc, { endsAt: 5_000, durationMs: 4_000 });
    expect(readControl(doc)).toMatchObject({ phase: 'factors', timer: { endsAt: 5_000, durationMs: 4_000 } });
  });

  it('ignores malformed values a hostile peer could have written', () => {
    const doc = new Y.Doc();
    doc.getMap('control').set('phase', 'tribunal');
    doc.getMap('control').set('timer', { endsAt: 'soon' });
    expect(readControl(doc)).toMatchObject({ phase: 'kickoff', timer: { endsAt: null } });
  });

  it('names its room after the board', () => {
    expect(controlRoomOf('abc123')).toBe('abc123.control');
    expect(isControlRoom('abc123.control')).toBe(true);
    expect(isControlRoom('abc123')).toBe(false);
  });
});
