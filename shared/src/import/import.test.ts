import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createLane } from '../domain/lanes';
import { initBoard } from '../domain/meta';
import { readBoard } from '../schema/boardDoc';
import { parseChatLog } from './chatLog';
import { parseCsvTimeline } from './csvTimeline';
import { applyImport, planImport } from './planImport';
import { parseSlackExport } from './slackExport';

const berlin = { timeZone: 'Europe/Berlin', date: '2024-05-01' };

describe('chat log import', () => {
  it('reads bracketed and dated lines in the chosen zone, with continuation lines', () => {
    const log = [
      '[14:32] alice: restarted the pods',
      '  (all three of them)',
      '[14:33:10] Bob Smith: error rate dropping',
      '',
      '2024-05-01 14:40 carol: rollback done',
    ].join('\n');
    const { entries, errors } = parseChatLog(log, berlin);
    expect(errors).toEqual([]);
    expect(entries).toEqual([
      {
        line: 1,
        occurredAt: Date.UTC(2024, 4, 1, 12, 32),
        speaker: 'alice',
        text: 'restarted the pods\n(all three of them)',
      },
      { line: 3, occurredAt: Date.UTC(2024, 4, 1, 12, 33, 10), speaker: 'Bob Smith', text: 'error rate dropping' },
      { line: 5, occurredAt: Date.UTC(2024, 4, 1, 12, 40), speaker: 'carol', text: 'rollback done' },
    ]);
  });

  it('gives line-level errors for malformed lines', () => {
    const { entries, errors } = parseChatLog(
      [
        'orphan first line?',
        '[25:61] alice: impossible',
        '14:32 no brackets',
        '[14:35] bob:',
        '[14:36] carol: fine',
      ].join('\n'),
      berlin,
    );
    expect(entries.map((e) => e.line)).toEqual([5]);
    expect(errors.map((e) => e.line)).toEqual([1, 2, 3, 4]);
    expect(errors[1]!.message).toMatch(/not a valid time/);
    expect(errors[3]!.message).toBe('the message is empty');
  });

  it('handles a DST change inside the incident and a log that runs past midnight', () => {
    // Berlin springs forward at 02:00 on 2024-03-31.
    const { entries } = parseChatLog(['[01:30] a: before', '[03:30] b: after'].join('\n'), {
      timeZone: 'Europe/Berlin',
      date: '2024-03-31',
    });
    expect(entries.map((e) => e.occurredAt)).toEqual([Date.UTC(2024, 2, 31, 0, 30), Date.UTC(2024, 2, 31, 1, 30)]);
    expect(entries[1]!.occurredAt! - entries[0]!.occurredAt!).toBe(60 * 60_000); // two wall hours, one real hour
    const overnight = parseChatLog(['[23:50] a: late', '[00:10] b: after midnight'].join('\n'), berlin);
    expect(overnight.entries[1]!.occurredAt! - overnight.entries[0]!.occurredAt!).toBe(20 * 60_000);
  });
});

describe('Slack export import', () => {
  const users = new Map([['U02', 'priya']]);
  const sample = JSON.stringify([
    {
      type: 'message',
      subtype: 'channel_join',
      ts: '1714566000.000100',
      user: 'U01',
      text: '<@U01> has joined the channel',
    },
    {
      type: 'message',
      ts: '1714566720.000200',
      user: 'U01',
      user_profile: { display_name: 'jonas', real_name: 'Jonas K' },
      text: 'seeing 500s on checkout &amp; login',
    },
    {
      type: 'message',
      ts: '1714566780.000300',
      user: 'U02',
      text: 'tickets coming in, <@U01> is it <https://status.example|the deploy>?',
    },
    { type: 'message', user: 'U03', text: 'no timestamp' },
  ]);

  it('reads messages with their epoch times and speakers, skipping system messages', () => {
    const { entries, errors, skipped } = parseSlackExport(sample, users);
    expect(entries).toMatchObject([
      { line: 2, occurredAt: 1_714_566_720_000, speaker: 'Jonas K', text: 'seeing 500s on checkout & login' },
      {
        line: 3,
        occurredAt: 1_714_566_780_000,
        speaker: 'priya',
        text: 'tickets coming in, @U01 is it the deploy (https://status.example)?',
      },
    ]);
    // Problems with single messages never block the others: they are listed with the reason.
    expect(errors).toEqual([]);
    expect(skipped).toEqual([
      { ref: 'pasted messages, message 1', reason: 'someone joined the channel' },
      { ref: 'pasted messages, message 4', reason: 'the message has no valid time ("ts")' },
    ]);
  });

  it('reports files that are not Slack exports', () => {
    expect(parseSlackExport('{nope').errors[0]!.message).toMatch(/not JSON/);
    expect(parseSlackExport('{"a":1}').errors[0]!.message).toMatch(/JSON array/);
  });
});

describe('CSV import', () => {
  it('reads quoted fields, any column order, and the three time forms', () => {
    const csv = [
      'Text,Time,Kind,Lane',
      '"rolled back, finally",14:40,action,Deploy',
      '"said ""wait""\nthen left",2024-05-01 14:42,communication,Support',
      'unknown time,,question,Support',
      'utc,2024-05-01T12:50:00Z,event,Ops',
    ].join('\r\n');
    const { entries, errors } = parseCsvTimeline(csv, berlin);
    expect(errors).toEqual([]);
    expect(entries).toEqual([
      {
        line: 2,
        occurredAt: Date.UTC(2024, 4, 1, 12, 40),
        speaker: 'Deploy',
        text: 'rolled back, finally',
        kind: 'action',
      },
      {
        line: 3,
        occurredAt: Date.UTC(2024, 4, 1, 12, 42),
        speaker: 'Support',
        text: 'said "wait"\nthen left',
        kind: 'communication',
      },
      { line: 5, occurredAt: null, speaker: 'Support', text: 'unknown time', kind: 'question' },
      { line: 6, occurredAt: Date.UTC(2024, 4, 1, 12, 50), speaker: 'Ops', text: 'utc', kind: 'event' },
    ]);
  });

  it('gives line-level errors', () => {
    const { errors } = parseCsvTimeline(
      ['time,lane,kind,text', 'soon,Ops,event,x', '14:00,Ops,blame,x', '14:00,Ops,event,'].join('\n'),
      berlin,
    );
    expect(errors.map((e) => e.line)).toEqual([2, 3, 4]);
    expect(parseCsvTimeline('a,b\n1,2', berlin).errors[0]!.message).toMatch(/header must name/);
  });
});

describe('planning and applying an import', () => {
  function board() {
    const doc = new Y.Doc();
    initBoard(doc, { title: 'Import', timeZone: 'Europe/Berlin' });
    createLane(doc, { name: 'Alice (backend)', kind: 'person' });
    createLane(doc, { name: 'Deploy pipeline' });
    return doc;
  }
  const log = parseChatLog(
    [
      '[14:32] alice: restarted the pods',
      '[14:33] deploy pipeline: rollback started',
      '[14:35] bob: error rate dropping',
    ].join('\n'),
    berlin,
  );

  it('matches speakers to lanes by name, creates missing lanes, and imports in one go', () => {
    const doc = board();
    const plan = planImport(readBoard(doc), log.entries, 'chat');
    expect(plan.newLanes.map((lane) => lane.name)).toEqual(['bob']);
    expect(plan.cards.map((c) => c.laneId === null)).toEqual([false, false, true]);
    const applied = applyImport(doc, plan, {}, 'Europe/Berlin');
    expect(applied.created).toBe(3);
    // The new cards' ids, so the person who imported them can be shown where they landed.
    expect(new Set(applied.cardIds)).toEqual(new Set(readBoard(doc).cards.map((card) => card.id)));
    const snapshot = readBoard(doc);
    expect(snapshot.cards.map((c) => c.text)).toEqual([
      'restarted the pods',
      'rollback started',
      'error rate dropping',
    ]);
    expect(snapshot.cards.every((c) => c.source === 'imported')).toBe(true);
    expect(snapshot.lanes.map((l) => l.name)).toContain('bob');
  });

  it('does not duplicate cards when the same log is imported again', () => {
    const doc = board();
    applyImport(doc, planImport(readBoard(doc), log.entries, 'chat'));
    const again = planImport(readBoard(doc), log.entries, 'chat');
    expect(again.cards.every((c) => c.duplicate)).toBe(true);
    expect(again.newLanes).toEqual([]);
    expect(applyImport(doc, again)).toEqual({ created: 0, cardIds: [] });
    expect(readBoard(doc).cards).toHaveLength(3);
  });

  it('is all or nothing', () => {
    const doc = board();
    const plan = planImport(readBoard(doc), log.entries, 'chat');
    const broken = {
      ...plan,
      cards: [...plan.cards, { ...plan.cards[0]!, id: 'x1', laneId: null, laneName: 'nobody', duplicate: false }],
    };
    const before = Y.encodeStateVector(doc);
    expect(() => applyImport(doc, broken)).toThrow(/no lane for nobody/);
    expect(Y.encodeStateVector(doc)).toEqual(before);
  });
});

describe('chat logs and CSVs as people paste them', () => {
  it('reads ISO 8601 times with their own offset, whatever zone is chosen', () => {
    const { entries, errors } = parseChatLog(
      [
        '2024-05-01T12:32:10Z alice: restarted',
        '[2024-05-01T14:33:00.250+02:00] bob: dropping',
        '2024-05-01T08:34-0400 carol: ok',
      ].join('\n'),
      { timeZone: 'Asia/Tokyo', date: '2024-05-01' },
    );
    expect(errors).toEqual([]);
    expect(entries.map((e) => e.occurredAt)).toEqual([
      Date.UTC(2024, 4, 1, 12, 32, 10),
      Date.UTC(2024, 4, 1, 12, 33, 0, 250),
      Date.UTC(2024, 4, 1, 12, 34),
    ]);
  });

  it('never appends a line without a time to a different person’s message', () => {
    const { entries, errors } = parseChatLog(
      [
        '[14:32] alice: restarted the pods',
        'bob: is it the deploy?',
        '  (all three)',
        '[14:35] bob: error rate dropping',
      ].join('\n'),
      berlin,
    );
    expect(errors).toEqual([]);
    expect(entries.map((e) => [e.speaker, e.text, e.occurredAt === null])).toEqual([
      ['alice', 'restarted the pods', false],
      ['bob', 'is it the deploy?\n(all three)', true],
      ['bob', 'error rate dropping', false],
    ]);
    expect(entries[1]!.note).toMatch(/no time/);
  });

  it('detects a CSV whose header is quoted, and recognises a re-import whatever the line endings', () => {
    const unix = '"time","lane","kind","text"\n"14:40","Ops","action","rolled back,\nfinally"\n';
    const windows = unix.replace(/\n/g, '\r\n');
    const doc = new Y.Doc();
    initBoard(doc, { title: 'CSV', timeZone: 'Europe/Berlin' });
    const first = parseCsvTimeline(unix, berlin);
    expect(first.errors).toEqual([]);
    applyImport(doc, planImport(readBoard(doc), first.entries, 'csv'));
    const again = planImport(readBoard(doc), parseCsvTimeline(windows, berlin).entries, 'csv');
    expect(again.cards.map((c) => c.duplicate)).toEqual([true]);
  });
});
