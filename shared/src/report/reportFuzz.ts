import fc from 'fast-check';
import { isCalendarDate, isSafeUrl, isValidTimeZone } from '../domain/validation';
import type { BoardSnapshot, Card, Lane } from '../schema/types';

/**
 * Random boards for the escaping property tests: every text field holds arbitrary Unicode,
 * control characters, every kind of line break and Markdown/HTML markup. Each board comes
 * with its "plain twin": the same board with every text replaced by a plain word (and every
 * value that the report validates kept exactly as valid or invalid as the original), whose
 * rendered document has the structure the random one must have too.
 */

const MARKUP = [
  '# ',
  '## ',
  '> ',
  '- ',
  '+ ',
  '* ',
  '1. ',
  '2) ',
  '---',
  '===',
  '***',
  '___',
  '    code',
  '```',
  '~~~',
  '`',
  '**',
  '__',
  '*',
  '_',
  '~~',
  '[',
  ']',
  '(',
  ')',
  '![x](y)',
  '[a](javascript:alert(1))',
  '<https://x.io>',
  '<javascript:alert(1)>',
  'https://auto.link',
  'www.x.io',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '<!--',
  '-->',
  '<![CDATA[',
  '&amp;',
  '&#x3C;',
  '&lt;',
  '&',
  '|',
  '| a | b |',
  '|---|',
  '\\',
  '\\\n',
  '  \n',
  '\n',
  '\r',
  '\r\n',
  '\v',
  '\f',
  '\u0085',
  '\u2028',
  '\u2029',
  '\t',
  '\0',
  '\x1b[31m',
  '\u202e',
  '\ufeff',
  '"',
  "'",
  '<',
  '>',
  '=',
  '=cmd|',
  '@SUM(1)',
  '-1+1',
  ',',
  '[^1]',
  '[^1]: note',
  '<details>',
  '</p>',
  '<svg onload=x>',
  ':',
  'x: y',
  '\\*',
];

const piece = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...MARKUP) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 8 }) },
  { weight: 2, arbitrary: fc.string({ maxLength: 8 }) },
);

/** Arbitrary hostile text that still holds one printable word (empty values are tested on their own). */
export const hostileText = fc
  .tuple(fc.array(piece, { maxLength: 6 }), fc.array(piece, { maxLength: 6 }))
  .map(([before, after]) => `${before.join('')}word${after.join('')}`);

const zone = fc.oneof(fc.constantFrom('UTC', 'Europe/Berlin', 'America/New_York', 'Mars/Olympus', ''), hostileText);
const date = fc.oneof(
  fc.constantFrom('2024-06-01', '2024-02-31', '<img src=x>', '2024-06-01\n# x'),
  hostileText,
  fc.constant(null),
);
const url = fc.oneof(
  fc.constantFrom(
    'https://tracker.example/T-1',
    'mailto:sre@example.com',
    'javascript:alert(1)',
    'https://x.example/"><script>',
    'data:text/html,x',
  ),
  hostileText,
  fc.constant(null),
);

export interface FuzzBoard {
  readonly board: BoardSnapshot;
  readonly twin: BoardSnapshot;
}

const T0 = Date.UTC(2024, 4, 1, 9, 0);

export const fuzzBoard: fc.Arbitrary<FuzzBoard> = fc
  .record({
    title: hostileText,
    summary: hostileText,
    impact: hostileText,
    zone,
    lanes: fc.array(fc.record({ name: hostileText, person: fc.boolean(), zone }), { minLength: 1, maxLength: 3 }),
    cards: fc.array(
      fc.record({
        text: hostileText,
        author: hostileText,
        from: fc.option(hostileText),
        zone,
        lane: fc.nat(2),
        misleading: fc.boolean(),
      }),
      {
        minLength: 1,
        maxLength: 4,
      },
    ),
    factor: fc.record({ name: hostileText, category: hostileText, description: hostileText }),
    actions: fc.array(fc.record({ title: hostileText, owner: hostileText, due: date, url }), { maxLength: 2 }),
    notes: fc.tuple(hostileText, hostileText, hostileText),
  })
  .map((r) => {
    const build = (text: (value: string) => string): BoardSnapshot => {
      const keepZone = (value: string) => (isValidTimeZone(value) ? value : 'Invalid/Zone');
      const lanes: Lane[] = r.lanes.map((lane, i) => ({
        id: `lane${i}`,
        name: text(lane.name),
        kind: lane.person ? 'person' : 'system',
        owner: null,
        timeZone: lane.zone && isValidTimeZone(lane.zone) ? lane.zone : lane.zone ? 'Invalid/Zone' : null,
        orderKey: `a${i}`,
        importKeys: [],
      }));
      const cards: Card[] = r.cards.map((card, i) => ({
        id: `card${i}`,
        text: text(card.text),
        kind: i % 2 ? 'signal' : 'event',
        place: {
          laneId: `lane${card.lane % lanes.length}`,
          orderKey: 'a0',
          occurredAt: T0 + i * 60_000,
          precision: 'minute',
        },
        author: { name: text(card.author), timeZone: keepZone(card.zone) },
        createdAt: T0,
        source: card.from === null ? 'typed' : 'imported',
        misleading: card.misleading,
        factorIds: i % 2 ? ['factor0'] : [],
        deletedAt: null,
        hintsDismissed: true,
        importedFrom: card.from === null ? null : text(card.from),
      }));
      return {
        meta: {
          schemaVersion: 1,
          title: text(r.title),
          summary: text(r.summary),
          impact: text(r.impact),
          severity: 'SEV2',
          startedAt: T0,
          detectedAt: T0 + 600_000,
          mitigatedAt: null,
          resolvedAt: T0 + 3_600_000,
          timeZone: keepZone(r.zone),
        },
        lanes,
        cards,
        factors: [
          {
            id: 'factor0',
            name: text(r.factor.name),
            category: text(r.factor.category),
            description: text(r.factor.description),
            createdAt: T0,
            deletedAt: null,
          },
        ],
        actions: r.actions.map((action, i) => ({
          id: `action${i}`,
          title: text(action.title),
          owner: text(action.owner),
          dueDate: action.due === null ? null : isCalendarDate(action.due) ? action.due : text(action.due),
          status: 'open',
          factorIds: ['factor0'],
          trackerUrl: action.url === null ? null : isSafeUrl(action.url) ? action.url : `x${text(action.url)}`,
          createdAt: T0,
        })),
        notes: { wentWell: text(r.notes[0]), gotLucky: text(r.notes[1]), openQuestions: text(r.notes[2]) },
      };
    };
    return { board: build((value) => value), twin: build(() => 'word') };
  });
