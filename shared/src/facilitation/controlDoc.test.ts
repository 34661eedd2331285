import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { DEFAULT_KICKOFF_SCRIPT } from './phases';
import { NO_VOTING } from './voting';
import {
  controlRoomOf,
  isControlRoom,
  readControl,
  replaceScript,
  seedControl,
  setPhase,
  setSpotlight,
  setTimer,
} from './controlDoc';

describe('control document', () => {
  it('starts at kick-off with the default script and no timer, and records changes', () => {
    const doc = new Y.Doc();
    expect(readControl(doc).phase).toBe('kickoff');
    seedControl(doc);
    expect(readControl(doc)).toEqual({
      phase: 'kickoff',
      timer: { endsAt: null, durationMs: 0 },
      script: DEFAULT_KICKOFF_SCRIPT,
      voting: NO_VOTING,
      spotlight: null,
      silentRound: { round: 0, stage: 'idle', anonymous: false, drafts: 0, writers: 0 },
      gather: null,
      grouping: false,
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

  it('replaces only the edited part of the script, so a co-host’s concurrent edit survives', () => {
    const a = new Y.Doc();
    seedControl(a);
    const b = new Y.Doc();
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    replaceScript(a, 'Hello. ' + readControl(a).script);
    replaceScript(b, readControl(b).script + '\nSee you at the end.');
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    const merged = readControl(a).script;
    expect(merged).toBe(readControl(b).script);
    expect(merged).toBe('Hello. ' + DEFAULT_KICKOFF_SCRIPT + '\nSee you at the end.');

    let updates = 0;
    a.on('update', () => updates++);
    replaceScript(a, merged);
    expect(updates).toBe(0);
    replaceScript(a, 'aaa');
    replaceScript(a, 'aba');
    expect(readControl(a).script).toBe('aba');
  });

  it('points everyone at a card or lane, and ignores malformed spotlights', () => {
    const doc = new Y.Doc();
    seedControl(doc);
    setSpotlight(doc, { kind: 'card', id: 'c1', at: 5 });
    expect(readControl(doc).spotlight).toEqual({ kind: 'card', id: 'c1', at: 5 });
    setSpotlight(doc, null);
    expect(readControl(doc).spotlight).toBeNull();
    doc.getMap('control').set('spotlight', { kind: 'person', id: 'ana', at: 1 });
    expect(readControl(doc).spotlight).toBeNull();
  });
});
