import type * as Y from 'yjs';
import { createAction } from '../domain/actions';
import { createCard, type CreateCardInput } from '../domain/cards';
import type { OperationContext } from '../domain/context';
import { createFactor, tagCard } from '../domain/factors';
import { createLane } from '../domain/lanes';
import { initBoard } from '../domain/meta';
import { boardRoots } from '../schema/boardDoc';
import { instantFromWallTime } from '../time/zones';

/**
 * A demo board from a typical incident (DESIGN.md §1): a library upgrade with a changed
 * default broke login. Several perspectives, a misleading alert, factors and actions, so a
 * newcomer sees what a good board looks like in one click.
 */

const ZONE = 'Europe/Berlin';
const at = (hour: number, minute: number) => instantFromWallTime({ year: 2024, month: 5, day: 14, hour, minute }, ZONE);

export const DEMO_TITLE = 'Logins failed after the auth library upgrade';

export function seedLoginOutage(doc: Y.Doc, ctx: OperationContext = {}): void {
  initBoard(
    doc,
    {
      title: DEMO_TITLE,
      summary:
        'An auth library upgrade changed the default SameSite policy of the session cookie. ' +
        'Mobile web logins failed for 66 minutes until the upgrade was rolled back.',
      impact: 'About 18% of login attempts failed (mobile web); 240 support tickets.',
      severity: 'SEV2',
      startedAt: at(9, 52),
      detectedAt: at(10, 20),
      resolvedAt: at(10, 58),
      timeZone: ZONE,
    },
    ctx,
  );
  const lane = (name: string, kind: 'person' | 'system', timeZone: string | null = null) =>
    createLane(doc, { name, kind, timeZone }, ctx);
  const alerts = lane('Alerts & monitoring', 'system');
  const deploy = lane('Deploy pipeline', 'system');
  const customers = lane('Customers', 'system');
  const priya = lane('Priya (support)', 'person', 'Asia/Kolkata');
  const jonas = lane('Jonas (backend)', 'person', 'Europe/Berlin');
  const mei = lane('Mei (frontend)', 'person', 'America/New_York');

  const card = (input: CreateCardInput, author: string, timeZone: string) =>
    createCard(doc, input, { ...ctx, author: { name: author, timeZone } });

  const merged = card(
    { text: 'auth-lib 4.0 upgrade merged; CI green', laneId: deploy, occurredAt: at(9, 40), kind: 'event' },
    'Jonas',
    'Europe/Berlin',
  );
  const allAtOnce = card(
    {
      text: 'Deployed to all regions at once: the auth service has no canary stage',
      laneId: deploy,
      occurredAt: at(9, 52),
      kind: 'action',
    },
    'Jonas',
    'Europe/Berlin',
  );
  const greenAlert = card(
    {
      text: 'Login success-rate dashboard stays green: it counts HTTP 200s, and the error page returns 200',
      laneId: alerts,
      occurredAt: at(9, 55),
      kind: 'signal',
      misleading: true,
    },
    'Jonas',
    'Europe/Berlin',
  );
  card(
    {
      text: 'First tickets: “cannot log in on my phone”',
      laneId: customers,
      occurredAt: at(10, 3),
      kind: 'communication',
    },
    'Priya',
    'Asia/Kolkata',
  );
  const faq = card(
    {
      text: 'Matched the tickets to the known password-reset FAQ and answered with it',
      laneId: priya,
      occurredAt: at(10, 5),
      kind: 'decision',
    },
    'Priya',
    'Asia/Kolkata',
  );
  const noise = card(
    {
      text: 'Saw token validation errors in the logs; they looked like the usual bot noise',
      laneId: jonas,
      occurredAt: at(10, 12),
      kind: 'observation',
    },
    'Jonas',
    'Europe/Berlin',
  );
  card(
    {
      text: 'Error-budget burn alert fired, 25 minutes after the first failures',
      laneId: alerts,
      occurredAt: at(10, 20),
      kind: 'signal',
    },
    'Jonas',
    'Europe/Berlin',
  );
  card(
    { text: 'Paged; opened the incident channel', laneId: jonas, occurredAt: at(10, 22), kind: 'action' },
    'Jonas',
    'Europe/Berlin',
  );
  card(
    {
      text: 'Reproduced on a phone: the session cookie is rejected after login',
      laneId: mei,
      occurredAt: at(10, 31),
      kind: 'observation',
    },
    'Mei',
    'America/New_York',
  );
  card(
    { text: 'Did the upgrade change cookie defaults?', laneId: jonas, occurredAt: at(10, 35), kind: 'hypothesis' },
    'Jonas',
    'Europe/Berlin',
  );
  const changelog = card(
    {
      text: 'The changelog lists SameSite=Strict as the new default under “minor changes”',
      laneId: mei,
      occurredAt: at(10, 38),
      kind: 'surprise',
    },
    'Mei',
    'America/New_York',
  );
  const rollback = card(
    { text: 'Rollback started: a 12-step manual runbook', laneId: deploy, occurredAt: at(10, 41), kind: 'action' },
    'Jonas',
    'Europe/Berlin',
  );
  card(
    { text: 'Rollback complete; login success back to normal', laneId: deploy, occurredAt: at(10, 58), kind: 'event' },
    'Jonas',
    'Europe/Berlin',
  );
  card(
    { text: 'Status page updated and tickets answered', laneId: priya, occurredAt: at(11, 5), kind: 'communication' },
    'Priya',
    'Asia/Kolkata',
  );
  card(
    { text: 'Which other services use auth-lib defaults?', laneId: mei, occurredAt: null, kind: 'question' },
    'Mei',
    'America/New_York',
  );

  const factor = (name: string, category: string, description: string) =>
    createFactor(doc, { name, category, description }, ctx);
  const wrongSignal = factor(
    'Login alert measured the wrong signal',
    'signals',
    'The success-rate alert counted HTTP statuses, so a friendly error page looked like success.',
  );
  const noCanary = factor('All-region deploy with no canary', 'change', 'One change reached every user at once.');
  const hiddenBreak = factor(
    'Breaking default hidden in a minor changelog',
    'design',
    'A behaviour change in a dependency was not flagged as breaking.',
  );
  const manualRollback = factor(
    'Manual rollback runbook',
    'automation',
    'Twelve manual steps under pressure slowed recovery.',
  );
  const knownFaq = factor(
    'Support had no way to see a live incident',
    'communication',
    'Tickets matched a familiar FAQ; nothing told support that something had changed.',
  );
  const tags: Array<[string, string]> = [
    [greenAlert, wrongSignal],
    [noise, wrongSignal],
    [allAtOnce, noCanary],
    [merged, hiddenBreak],
    [changelog, hiddenBreak],
    [rollback, manualRollback],
    [faq, knownFaq],
  ];
  for (const [cardId, factorId] of tags) tagCard(doc, { cardId, factorId }, ctx);

  createAction(
    doc,
    {
      title: 'Alert on login errors seen by users, not on HTTP status',
      owner: 'SRE',
      factorIds: [wrongSignal],
      dueDate: '2024-06-01',
    },
    ctx,
  );
  createAction(
    doc,
    {
      title: 'Add a canary stage to the auth service pipeline',
      owner: 'Platform',
      factorIds: [noCanary],
      dueDate: '2024-06-15',
    },
    ctx,
  );
  createAction(doc, { title: 'Automate rollback to one command', owner: 'Platform', factorIds: [manualRollback] }, ctx);

  const roots = boardRoots(doc);
  doc.transact(() => {
    roots.note('wentWell').insert(0, 'Mei reproduced the failure on a real phone within minutes of joining.');
    roots.note('gotLucky').insert(0, 'The upgrade went out in the morning, with every team online.');
    roots.note('openQuestions').insert(0, 'Why did the bot-noise explanation feel so plausible?');
  }, ctx.origin ?? null);
}
