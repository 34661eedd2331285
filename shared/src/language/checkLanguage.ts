import nlp from 'compromise';
import { rewordingFor } from './rewording';
import { isMachineLine, maskQuotes, splitSentences, type Sentence } from './textParts';

/**
 * The blameless-language assistant: gentle hints on wording that judges people in hindsight,
 * blames, asks someone to defend themselves, or fixes an incident by asking people to try
 * harder. Each hint offers a rewording of that very sentence. Patterns find the wording;
 * compromise (a part-of-speech tagger that runs in the browser) tells who the subject is
 * and whether a word such as "Will" or "Mark" is a name or a verb. Machine output (log
 * lines, quoted tool output), first-person accounts and tools as subjects get no hint.
 */

export type LanguageRule =
  | 'hindsight'
  | 'person-negative'
  | 'judgement'
  | 'human-error'
  | 'who-why'
  | 'passive-aggressive'
  | 'fault'
  | 'obvious'
  | 'try-harder';

export interface LanguageFinding {
  readonly start: number;
  readonly end: number;
  readonly rule: LanguageRule;
  readonly message: string;
  readonly suggestion: string;
  /** The sentence the finding is in, and that sentence reworded (null when no rewording fits). */
  readonly sentenceStart: number;
  readonly sentenceEnd: number;
  readonly rewording: string | null;
}

export interface LanguageOptions {
  /** People on the board, matched as names: case-sensitive, whole words, any script. */
  readonly names?: readonly string[];
}

export const LANGUAGE_RULES: Record<LanguageRule, { message: string; suggestion: string }> = {
  hindsight: {
    message: 'Hindsight: this judges a past decision by what we know now.',
    suggestion: 'Ask what made the choice reasonable at the time, and what would have helped.',
  },
  'person-negative': {
    message: 'A person is the subject of a failure here.',
    suggestion: 'Put the situation first: what did they see, and what made the other path look right?',
  },
  judgement: {
    message: 'This word judges a person rather than describing what happened.',
    suggestion: 'Describe the action and what shaped it: pressures, tools, signals.',
  },
  'human-error': {
    message: '"Human error" ends the inquiry where it should start.',
    suggestion: 'Ask which guard rail, default or signal let the step go wrong.',
  },
  'who-why': {
    message: 'This asks a person to defend themselves.',
    suggestion: 'Ask about the situation: what made this step look right at the time?',
  },
  'passive-aggressive': {
    message: 'Sarcasm or reproach puts people on the defensive.',
    suggestion: 'Say what happened plainly, and what made it likely.',
  },
  fault: {
    message: 'This assigns fault or punishment to a person.',
    suggestion: 'Look for the conditions that made the outcome likely for anyone in that seat.',
  },
  obvious: {
    message: '"It was obvious" is hindsight: it was not obvious then.',
    suggestion: 'Describe what the people involved could see at the time.',
  },
  'try-harder': {
    message: 'This action relies on people trying harder, which does not last.',
    suggestion: 'Prefer a systemic change: a guard rail, an automation, or a check in the tool.',
  },
};

// ---- who is the subject --------------------------------------------------------------

const PERSON_WORDS = new Set(
  (
    'he she they you someone somebody nobody anyone everyone everybody whoever engineer engineers developer ' +
    'developers dev devs operator operators admin admins on-call oncall on-caller responder responders reviewer ' +
    'reviewers deployer approver author owner person people team teams support staff manager lead intern contractor ' +
    'sre sres guy guys him her them commander newbie junior senior colleague colleagues ops dba dbas'
  ).split(' '),
);
const FIRST_PERSON = new Set(['i', 'we', 'me', 'us', 'i’m', "i'm", 'we’re', "we're", 'i’ve', "i've"]);
const SYSTEM_WORDS = new Set(
  (
    'alert alerts alarm system systems service services job jobs config configuration check checks monitor monitoring ' +
    'test tests suite script scripts pipeline pipelines deploy-bot bot bots cron process queue queues server servers ' +
    'pod pods node nodes cluster dashboard dashboards pager metric metrics threshold rule rules tool tools tooling ' +
    'automation canary rollback migration build ci release database db cache api endpoint flag flags it this that ' +
    'library dependency runbook docs documentation probe healthcheck health balancer certificate backup backups replica ' +
    'disk network firewall proxy lock timeout retry retries worker workers webhook integration app client clients ' +
    'schema index query scheduler consumer controller autoscaler gateway terraform grafana pagerduty alertmanager ' +
    'kubernetes linter cdn dns vendor sdk driver regex policy'
  ).split(' '),
);
const FILLERS = new Set(
  'honestly tbh i mean so well but and then also just really basically literally obviously clearly lol ok okay yes no'.split(
    ' ',
  ),
);

interface Token {
  readonly text: string;
  readonly lower: string;
  readonly start: number;
  readonly tags: ReadonlySet<string>;
}

/** compromise's terms with their offsets in `text`. */
function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let cursor = 0;
  // The tagged document itself (its terms carry their tags as sets), not a JSON copy of it.
  const document = (nlp(text) as unknown as { document: Array<Array<{ text: string; tags: Set<string> }>> }).document;
  for (const sentence of document) {
    for (const term of sentence) {
      if (!term.text) continue;
      const at = text.indexOf(term.text, cursor);
      if (at < 0) continue;
      tokens.push({ text: term.text, lower: term.text.toLowerCase(), start: at, tags: term.tags });
      cursor = at + term.text.length;
    }
  }
  return tokens;
}

type Subject = 'person' | 'self' | 'system' | 'action' | 'unknown';

/** Things people do: judging them judges the people ("the decision was reckless"). */
const ACTION_NOUNS = new Set(
  'decision response rollout deploy deployment handling review work handover mistake call change fix approach attempt choice restart rollback migration sloppiness'.split(
    ' ',
  ),
);

const escapeRegExp = (value: string) => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

interface Context {
  readonly text: string;
  readonly tokens: readonly Token[];
  /** Offsets of participant names in the text (case-sensitive whole words), verbs excluded. */
  readonly nameAt: ReadonlySet<number>;
}

function isName(context: Context, token: Token): boolean {
  if (context.nameAt.has(token.start)) return true;
  // Someone not on the board: the tagger knows a first name when it sees one.
  return token.tags.has('Person') && /^\p{Lu}/u.test(token.text);
}

const CLAUSE_BREAK = /[.;:!?]|,\s|\s(?:but|because|since|while|although|whereas|so|and then)\s|\s[–—-]\s/giu;

/** Start of the clause that contains `index`. */
function clauseStart(text: string, index: number): number {
  let start = 0;
  CLAUSE_BREAK.lastIndex = 0;
  for (let m = CLAUSE_BREAK.exec(text); m && m.index < index; m = CLAUSE_BREAK.exec(text))
    start = m.index + m[0].length;
  return start;
}

/** Who does what starts at `index`: the first person, self or system word of its clause. */
function subjectBefore(context: Context, index: number): Subject {
  const from = clauseStart(context.text, index);
  const clause = context.text.slice(from, index);
  if (/^\W*(?:\d{1,2}:\d{2}\s+)?(?:the\s+)?on[\s-]?call(?:er)?\b/i.test(clause)) return 'person';
  if (/^\W*(?:what|which|how)\b/i.test(clause)) return 'system'; // "What would have helped…?" asks about the situation
  for (const token of context.tokens) {
    if (token.start < from) continue;
    if (token.start >= index) break;
    const word = token.lower.replace(/[’']s$/, '');
    if (SYSTEM_WORDS.has(word) && ['it', 'this', 'that'].includes(word)) return 'system';
    if (FILLERS.has(word) || token.tags.has('Determiner') || token.tags.has('Adverb')) continue;
    if (/^\d/.test(word)) continue; // "10:14 Jonas should have…"
    if (FIRST_PERSON.has(token.lower)) return 'self';
    if (isName(context, token) || PERSON_WORDS.has(word)) return 'person';
    if (SYSTEM_WORDS.has(word) || token.tags.has('Noun')) {
      // "the on-call engineer", "the release manager": a person at the end of the phrase.
      const phraseEnd = context.tokens.find((t) => t.start > token.start && t.start < index && !t.tags.has('Noun'));
      const phrase = context.tokens.filter((t) => t.start >= token.start && t.start < (phraseEnd?.start ?? index));
      if (phrase.some((t) => PERSON_WORDS.has(t.lower) || isName(context, t))) return 'person';
      if (phrase.some((t) => SYSTEM_WORDS.has(t.lower.replace(/[’']s$/, '')))) return 'system';
      if (phrase.some((t) => ACTION_NOUNS.has(t.lower))) return 'action';
      // A noun the tagger does not know as a thing ("jonas" typed in lower case) could be anyone.
      if (token.tags.has('ProperNoun') || token.tags.has('Person')) return 'unknown';
      return /^[a-z]+$/.test(token.text) && !token.tags.has('Plural') && !token.tags.has('Singular')
        ? 'unknown'
        : 'system';
    }
  }
  return 'unknown';
}

/** A person (not the writer, not a system) mentioned anywhere in the text. */
function mentionsPerson(context: Context, from = 0, to = Infinity): boolean {
  return context.tokens.some(
    (t) =>
      t.start >= from &&
      t.start < to &&
      (isName(context, t) ||
        PERSON_WORDS.has(t.lower.replace(/[’']s$/, '')) ||
        /^(?:his|her|their|your)$/.test(t.lower)),
  );
}

// ---- the rules -------------------------------------------------------------------------

interface Hit {
  readonly rule: LanguageRule;
  readonly start: number;
  readonly end: number;
}

type Detector = (context: Context) => Hit[];

function matches(text: string, pattern: RegExp): RegExpExecArray[] {
  const out: RegExpExecArray[] = [];
  pattern.lastIndex = 0;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) out.push(m);
  return out;
}

const hit = (rule: LanguageRule, m: RegExpExecArray, group = 0): Hit => {
  const offset = group === 0 ? 0 : m[0].indexOf(m[group]!);
  return { rule, start: m.index + offset, end: m.index + offset + (m[group] ?? m[0]).length };
};

const MODAL_HAVE =
  /\b(?:should|could|would|must|might|ought to)(?:n['’]?t|\s+not|\s+never|\s+(?:really|easily|just|simply|at least))?(?:\s+have|['’]ve|\s+of)\b|\b(?:shoulda|coulda|woulda|shouldve|couldve)\b/giu;

const hindsight: Detector = (c) => {
  const out: Hit[] = [];
  for (const m of matches(c.text, MODAL_HAVE)) {
    const after = c.text.slice(m.index + m[0].length);
    // "…would have made the same call": what anyone would have done, not a judgement.
    if (/^\s+(?:made|done|taken) the same\b/i.test(after)) continue;
    // "we should have an alert on…" is a proposal; "should have been idempotent" describes a system.
    if (
      /^\s+(?:a|an|the|some|one|two|more|better|our|its)\b/i.test(after) &&
      !/^\s+the\s+(?:\w+\s+)?(?:been|known)\b/i.test(after)
    )
      continue;
    const subject = subjectBefore(c, m.index);
    if (subject === 'system' || subject === 'action') continue;
    out.push(hit('hindsight', m));
  }
  for (const m of matches(
    c.text,
    /\bif only\b|\b(?:had|if)\s+(?:the\s+)?[\p{L}’'-]+\s+(?:had\s+)?(?:just\s+|simply\s+)?(?:followed|done|read|checked|paid|looked|tested|waited|been)\b/giu,
  )) {
    if (/^if only/i.test(m[0]) || mentionsPerson(c, m.index, m.index + m[0].length)) out.push(hit('hindsight', m));
  }
  for (const m of matches(
    c.text,
    /\b(?:would|could) (?:never|not) have (?:happened|been (?:avoided|prevented))\b|\bwould have been (?:avoided|prevented|caught)\b|\bknown better\b|\bknow better\b|\bwith (?:a little more|more|proper) (?:care|diligence)\b|\bmore experienced (?:responder|engineer|person)\b/giu,
  ))
    out.push(hit('hindsight', m));
  return out;
};

const NEGATIVE_ACTS =
  /\b(?:forgot(?:\s+to)?|forgets|ignored|ignores|neglected(?:\s+to)?|overlooked|skipped|skips|botched|misconfigured|messed up|screwed up|blew off|fumbled|fails? to|failed to|chose to ignore|did(?:n['’]?t| not)\s+(?:even\s+)?(?:bother|care|follow|test|read|check|look|try|take|acknowledge|wait|run|update|tell|ask)|never\s+(?:even\s+)?(?:bothered|bothers|checks|checked|tested|reads|read|opened|looked)|(?:nobody|no one)\s+(?:even\s+)?bothered|missed|broke|(?:wasn['’]?t|was not|weren['’]?t) paying attention|couldn['’]?t be bothered|asleep at the wheel|dropped the ball|broke (?:production|prod|it|checkout|the build|email|everything)|simply skipped|just ignored|completely forgot|totally ignored)\b/giu;

/** An explanation that puts the situation first ("because it went to the old rotation"). */
function explainedBySystem(c: Context, from: number): boolean {
  const rest = c.text.slice(from);
  const reason = /^[^.;]*?(?:\bbecause\b|\bsince\b|\bas\b|:)\s*(.*)$/iu.exec(rest);
  if (!reason) return false;
  const clause = reason[1]!.toLowerCase();
  // "because he was in a hurry" blames again; "because it had fired falsely" explains.
  if (/^(?:he|she|they|you)\s+(?:was|were|is|are|did|didn|felt|wanted|thought)\b/.test(clause)) return false;
  return clause.length > 0;
}

const personNegative: Detector = (c) => {
  const out: Hit[] = [];
  for (const m of matches(c.text, NEGATIVE_ACTS)) {
    const subject = subjectBefore(c, m.index);
    if (
      subject !== 'person' &&
      !(subject === 'unknown' && /^(?:nobody|someone)/i.test(c.text.slice(clauseStart(c.text, m.index)).trim()))
    )
      continue;
    if (explainedBySystem(c, m.index + m[0].length)) continue;
    out.push(hit('person-negative', m));
  }
  return out;
};

const JUDGEMENT_WORDS =
  /\b(?:careless(?:ly|ness)?|sloppy|sloppiness|lazy|laziness|incompeten(?:t|ce)|negligen(?:t|ce)|reckless(?:ly)?|irresponsible|stupid|dumb|idiot(?:ic)?|clueless|inattentive|useless|foolish|unprofessional(?:ly)?|amateur(?:ish)?|rookie mistake|embarrassing mistake|liability|lapse in judge?ment|poor judge?ment|not up to the task|not competent|(?:doesn|didn)['’]t know what (?:he|she|they)['’]?(?:s| is| are|re) doing)\b/giu;
const TECHNICAL_NOUNS =
  /^[\s-]*(?:loading|loaded|load|evaluation|singleton|queue|expiration|quorum|pipe|terminal|mode|regex|regular expression|default|retr(?:y|ies)|client|error handling|reconnect|health|crawler|simple|init)/iu;

const judgement: Detector = (c) => {
  const out: Hit[] = [];
  for (const m of matches(c.text, JUDGEMENT_WORDS)) {
    const after = c.text.slice(m.index + m[0].length);
    if (TECHNICAL_NOUNS.test(after)) continue;
    // "that regex is sloppy", "the retry policy was careless about idempotency": about a system.
    const subject = subjectBefore(c, m.index);
    if (subject === 'system' && !mentionsPerson(c)) {
      const object = /^\s+(?:\w+\s+)?(\w+)/u.exec(after)?.[1]?.toLowerCase() ?? '';
      if (!ACTION_NOUNS.has(object)) continue;
    }
    if (subject === 'self') continue;
    out.push(hit('judgement', m));
  }
  return out;
};

const humanError: Detector = (c) => {
  const out: Hit[] = [];
  for (const m of matches(
    c.text,
    /\b(?:human|operator|user)[\s-](?:error|mistake|slip)s?\b|\bhuman (?:slip|mistake)\b|\bPEBKAC\b|\bfat[\s-]?finger(?:ed|s|ing)?\b|\bmistyped\b|\bmade (?:a|an) (?:mistake|error|typo|slip)\b|\b[\p{L}]+['’]s (?:mistake|error|typo|misconfiguration|slip)\b|\b(?:mistake|error|typo) by\b|\bdue to the operator\b|\boperator made an error\b|\bengineer['’]s (?:mistake|typo)\b/giu,
  )) {
    const after = c.text.slice(m.index + m[0].length);
    if (/^\s*(?:rates?|budgets?|codes?|messages?|dashboard|counts?|are\s+4xx|page)\b/i.test(after)) continue;
    if (/(?:4xx|400|client)\s*$/i.test(c.text.slice(0, m.index))) continue;
    if (/\b(?:[45]\d\d|[45]xx)\b/i.test(c.text)) continue; // HTTP status classes: user errors are 4xx
    if (/ by$/i.test(m[0]) && !mentionsPerson(c, m.index)) continue;
    if (/^(?:user|human)[\s-]errors?$/i.test(m[0]) && /^\s*(?:are|is)\s+(?:4xx|expected)/i.test(after)) continue;
    if (
      /['’]s (?:mistake|error|typo|misconfiguration|slip)/i.test(m[0]) &&
      !mentionsPerson(c, m.index, m.index + m[0].length)
    )
      continue;
    if (/^made/i.test(m[0]) && subjectBefore(c, m.index) !== 'person') continue;
    if (subjectBefore(c, m.index) === 'self') continue;
    if (/\b(?:no longer use|term we)\b/i.test(c.text)) continue;
    out.push(hit('human-error', m));
  }
  return out;
};

const whoWhy: Detector = (c) => {
  const out: Hit[] = [];
  for (const [index, token] of c.tokens.entries()) {
    if (token.lower !== 'who' && token.lower !== 'whose') continue;
    const next = c.tokens.find((t) => t.start > token.start);
    if (!next) continue;
    // "the engineer who ran the migration": a relative clause, not a question.
    const previous = c.tokens[index - 1];
    if (previous && (previous.tags.has('Noun') || previous.tags.has('Pronoun')) && !/^(?:out|is)$/i.test(previous.text))
      continue;
    const rest = c.text.slice(next.start);
    const asksForCulprit =
      token.lower === 'whose'
        ? /^(?:idea|change|fault|decision|call)\b/i.test(rest)
        : (next.tags.has('PastTense') && !/^(?:is|was|were|had)\b/i.test(rest)) ||
          /^(?:is|was)\s+(?:responsible|accountable|to blame|supposed)\b/i.test(rest) ||
          /^(?:the hell|keeps|thought|decided|forgot|allowed)\b/i.test(rest);
    // "who is on call", "who owns the service", "who can approve": asking for help, not a culprit.
    if (!asksForCulprit) continue;
    out.push({ rule: 'who-why', start: token.start, end: next.start + next.text.length });
  }
  for (const m of matches(
    c.text,
    /\bwhy\s+(?:on earth\s+)?(?:did not|didn['’]?t|did|would|were|was|wasn['’]?t|weren['’]?t|do|don['’]?t|does|doesn['’]?t|hasn['’]?t|haven['’]?t)\s+(?:even\s+)?([\p{L}’'-]+)(?:\s+([\p{L}’'-]+))?/giu,
  )) {
    const who = m[1]!.toLowerCase();
    const second = (m[2] ?? '').toLowerCase();
    const person =
      PERSON_WORDS.has(who) ||
      ['you', 'he', 'she', 'they', 'nobody', 'anyone', 'someone'].includes(who) ||
      c.nameAt.has(m.index + m[0].indexOf(m[1]!)) ||
      (who === 'the' && PERSON_WORDS.has(second));
    if (person) out.push(hit('who-why', m));
  }
  // "can someone explain why Grace ran the script twice", "why Jonas skipped…"
  for (const m of matches(
    c.text,
    /\bwhy\s+([\p{Lu}][\p{L}’'-]+)\s+([\p{L}]+ed|ran|did|made|went|took|chose|broke)\b/gu,
  )) {
    if (c.nameAt.has(m.index + m[0].indexOf(m[1]!))) out.push(hit('who-why', m));
  }
  for (const m of matches(c.text, /\b(?:find out|question is|need to know)\s+who\b/giu)) out.push(hit('who-why', m));
  return out;
};

const SARCASM =
  /\b(?:great|nice|good) job\b(?=[^.!?]*\b(?:break|broke|again|outage|down)\w*)|\bwell done\b(?=[^.!?]*\banother\b)|\banother (?:flawless|untested|friday|surprise)\b|\b(?:lovely|awesome|cool cool cool|shocking|great),\s|\bthanks(?: \p{Lu}\p{L}+)? for (?:nothing|taking down|breaking|the (?:friday|surprise|untested))|\bthanks for nothing\b|\bthanks[^.!?]{0,20}\bthat['’]s the (?:second|third)\b|\bnice of \w+ to finally\b|\bglad (?:\p{Lu}\p{L}+|\w+) finally\b|\bfinally (?:decides|decided|bothers|bothered|someone bothered)\b|\bmust be nice\b|\bsome of us\b|\bsome (?:people|engineers)\b|\bfor some (?:people|engineers)\b|\bas I(?:['’]ve| have)? (?:already )?(?:said|mentioned)\b(?=[^.!?]*\b(?:times|before|again|already|literally|repeatedly|never)\b)|\bas I['’]ve said before\b|\bas discussed literally\b|\bper my last (?:message|email)\b|\bI['’]m sure \p{Lu}\p{L}+ had a (?:great|good) reason\b|\bwho could have (?:possibly )?predicted\b|\bgood thing \p{Lu}\p{L}+ was\b|\bfriendly reminder that some\b|\bit would be nice if people\b|\boh look\b|\bgood to see \p{Lu}\p{L}+ is (?:awake|here)\b|\bwe all enjoy\b|\bthat went well\b|\bnice one\b|\bcreative approach\b|\blove how\b|\bapparently\b[^.!?]*\boptional\b|\bdespite repeated reminders\b/giu;
const REPROACH =
  /\b(?:once again|yet again|again|not for the first time|unsurprisingly|predictably|as usual|as always)\b/giu;

const passiveAggressive: Detector = (c) => {
  const out: Hit[] = matches(c.text, SARCASM).map((m) => hit('passive-aggressive', m));
  for (const m of matches(c.text, REPROACH)) {
    // "yet again the CDN is returning 503s" reports; "yet again, Sam's shortcut…" reproaches.
    if (mentionsPerson(c) && !/\bfired again\b|\bagain seeing\b/i.test(c.text)) out.push(hit('passive-aggressive', m));
  }
  return out;
};

const fault: Detector = (c) => {
  const out: Hit[] = [];
  const negated = /\b(?:no one|nobody|no single person|not|do not|don['’]t)\b[^.]*\b(?:fault|blame)\b/i.test(c.text);
  for (const m of matches(
    c.text,
    /\b(?:[\p{L}’'-]+['’]s|his|her|their|my|your) (?:fault|screw-?up|mess|failure)\b|\bfault lies with\b|\b(?:is|are|was|were) (?:to blame|at fault)\b|\bat fault\b|\bblame (?:for|rests)\b|\bblame:\s|\bblame \p{Lu}\p{L}+|\bheld (?:accountable|responsible)\b|\banswer for\b|\b(?:lose|losing|revoke|remove)\b[^.]{0,30}\b(?:access|privileges)\b|\b(?:access|privileges) should be (?:removed|revoked)\b|\bwritten warning\b|\b(?:be|get|gets) fired\b|\btaken off the\b|\bremoved from the (?:\w+ )?rota\b|\bconsequences for\b|\b(?:it['’]s|this one['’]s|this is) on \p{Lu}\p{L}+|\bpunish\w*\b|\bdisciplinary\b|\breprimand\b|\bperformance review will\b|\bowns this failure\b|\bbears the responsibility\b|\bresponsibility for the (?:outage|incident) lies\b|\bis the one who caused\b|\bbroke it,\s*\p{Lu}\p{L}+ fixes it\b|\bowes everyone an apology\b|\bto the person who\b|\bresponsible should be identified\b|\bis responsible for the (?:outage|incident)\b|\battributable to\b[^.]*['’]s\b/giu,
  )) {
    if (negated) continue;
    const possessor = /^([\p{L}’'-]+)['’]s /u.exec(m[0])?.[1];
    if (possessor && !c.nameAt.has(m.index) && SYSTEM_WORDS.has(possessor.toLowerCase())) continue;
    if (
      /^(?:his|her|their|my|your) (?:fault|mess)/i.test(m[0]) ||
      possessor ||
      mentionsPerson(c) ||
      /\b(?:fired|punish|disciplin|reprimand|warning)/i.test(m[0])
    )
      out.push(hit('fault', m));
  }
  return out;
};

const obvious: Detector = (c) => {
  const out: Hit[] = [];
  if (
    /\bnot (?:at all )?obvious\b|\bobvious (?:now|only)\b|\b(?:only )?became (?:obvious|clear)\b|\bseems obvious now\b|\bin hindsight\b[^.]*\bbut\b|\bbut\b[^.]*\bat the time\b|\bwasn['’]t then\b|\bmakes? the\b[^.]*\bobvious one\b/i.test(
      c.text,
    )
  )
    return out;
  for (const m of matches(
    c.text,
    /\b(?:it|this|that)(?:\s+was|['’]s|\s+is)\s+(?:so\s+|blindingly\s+)?obvious\b|\bobvious(?:ly)?\b|\bblindingly obvious\b|\bclearly\b|\banyone (?:could|would|with)\b|\bany (?:competent|reasonable|idiot)\b|\bcommon sense (?:should|not)\b|\bplain as day\b|\bself-evident\b|\bduh\b|\bliterally anyone\b|\ba junior would\b|\bnobody with any experience\b|\bcome on\b/giu,
  )) {
    const word = m[0].toLowerCase();
    const after = c.text.slice(m.index + m[0].length);
    if (word === 'clearly' || word === 'obviously') {
      // "clearly a DNS issue", "the logs clearly show": a statement, not a reproach.
      const blamey =
        /^\s*,?\s*(?:\p{Lu}\p{L}+|he|she|they|you|the (?:on-call|engineer|team|reviewer))\b[^.]*\b(?:should|didn|did not|never|wrong|missed|had|doesn)/iu.test(
          after,
        ) ||
        /^\s*,?\s*(?:should|wrong|not up)\b/i.test(after) ||
        /^\s*,?\s*\w+ing\b[^.]*\bwas a bad idea\b/i.test(after);
      if (!blamey) continue;
    } else if (word === 'obvious') {
      const context = c.text.slice(Math.max(0, m.index - 40), m.index + 60);
      if (!/\b(?:was|were|should|would|so|it['’]s|to everyone|to any|missed|ignored|what was)\b/i.test(context))
        continue;
    }
    out.push(hit('obvious', m));
  }
  return out;
};

const TRY_HARDER =
  /\bbe (?:more |extra )?(?:careful|vigilant|thorough|diligent)\b|\btake (?:more|extra) care\b|\bpay (?:more|closer) attention\b|\bdouble[\s-]?check\w*\b|\bremind(?:er)?\b[^.]{0,40}\b(?:to|about|not to)\b|\bsend a reminder\b|\bre-?train\w*\b|\b(?:additional|more) training for\b|\btraining session on careful\b|\btry harder\b|\bstay alert\b|\bmake sure (?:to|the team understands)\b|\bemphasi[sz]e the importance\b|\breinforce the need\b|\bmake people aware\b|\bmust remember\b|\bto remember to\b|\b(?:review|look)\b[^.]{0,20}\bmore (?:thoroughly|closely)\b|\bneed to actually\b|\bactually (?:test|read)\b|\bensure engineers read\b|\btell the team to follow\b|\bencourage engineers to\b|\bmoral of the story\b|\bmore careful\b|\bmore thorough\b|\brespond to pages within\b|\backnowledge pages promptly\b|\bcheck the dashboards regularly\b|\bunderstands the importance\b/giu;

const tryHarder: Detector = (c) =>
  matches(c.text, TRY_HARDER)
    // "Double the on-call rota" is staffing, not a plea.
    .filter((m) => !/^double\s+the\b/i.test(c.text.slice(m.index)))
    .map((m) => hit('try-harder', m));

const DETECTORS: readonly Detector[] = [
  whoWhy,
  fault,
  humanError,
  obvious,
  passiveAggressive,
  hindsight,
  personNegative,
  judgement,
  tryHarder,
];

/** Words one of the detectors needs: most text holds none and skips the tagger entirely. */
const TRIGGERS =
  /didn|did not|never|nobody|no one|bothered|wasn|couldn|missed|wait|on[\s-]?call|should|could|would|must|might|ought|if only|had |fail|forgot|ignor|neglect|overlook|skip|botch|misconfigur|mess|screw|blew|fumbl|bother|care|attention|asleep|dropped the ball|broke|sloppy|lazy|laziness|incompeten|negligen|reckless|irresponsible|stupid|dumb|idiot|clueless|inattentive|useless|foolish|unprofessional|amateur|rookie|embarrassing|liability|judge?ment|up to the task|competent|what (?:he|she|they)|error|mistake|slip|pebkac|fat.?finger|mistyp|typo|who|why|great|nice|well done|another|lovely|awesome|cool|shocking|thanks|glad|finally|some of us|some people|some engineers|as i|as discussed|per my|i['’]m sure|good thing|reminder|oh look|good to see|enjoy|went well|creative|apparently|despite|again|not for the first|unsurprisingly|predictably|as usual|as always|fault|blame|accountable|responsib|answer for|access|privileges|warning|fired|taken off|rota|consequences|on \p{Lu}|punish|disciplin|reprimand|performance review|owns this|bears|the one who|fixes it|apolog|attributable|obvious|clearly|anyone|any |common sense|plain as day|self-evident|duh|a junior|experience|come on|careful|vigilant|thorough|diligent|double|remind|train|try harder|alert|make sure|emphasi|reinforce|aware|remember|closely|actually|ensure|tell the team|encourage|moral|respond to pages|promptly|regularly|importance|diligence|known better|know better|happened|prevented|avoided/iu;

function namePositions(text: string, names: readonly string[], tokens: readonly Token[]): Set<number> {
  const at = new Set<number>();
  for (const raw of names) {
    const name = raw.trim();
    if (name.length < 2) continue;
    const pattern = new RegExp(`(?<![\\p{L}\\p{N}_])${escapeRegExp(name)}(?![\\p{L}\\p{N}_])`, 'gu');
    for (const m of matches(text, pattern)) {
      const token = tokens.find((t) => t.start === m.index);
      // "Will the alert page…", "Mark the release as bad": a verb, not the person Will or Mark.
      if (token && !token.tags.has('Noun') && (token.tags.has('Verb') || token.tags.has('Modal'))) {
        const next = tokens[tokens.indexOf(token) + 1];
        const followedByVerb =
          next !== undefined && (next.tags.has('Verb') || next.tags.has('Modal') || next.tags.has('Adverb'));
        if (!followedByVerb) continue;
      }
      at.add(m.index);
    }
  }
  return at;
}

function checkSentence(sentence: Sentence, names: readonly string[]): LanguageFinding[] {
  if (isMachineLine(sentence.text)) return [];
  const masked = maskQuotes(sentence.text);
  if (!TRIGGERS.test(masked)) return [];
  const tokens = tokenize(masked);
  const context: Context = { text: masked, tokens, nameAt: namePositions(masked, names, tokens) };
  const hits: Hit[] = [];
  for (const detect of DETECTORS) {
    for (const found of detect(context)) {
      // One hint per stretch of text (the first detector, the most specific, wins), and one per kind in a sentence.
      if (hits.some((h) => (found.start < h.end && found.end > h.start) || h.rule === found.rule)) continue;
      hits.push(found);
    }
  }
  return hits
    .sort((a, b) => a.start - b.start)
    .map((h) => {
      let rewording: string | null | undefined;
      return {
        start: sentence.start + h.start,
        end: sentence.start + h.end,
        rule: h.rule,
        ...LANGUAGE_RULES[h.rule],
        sentenceStart: sentence.start,
        sentenceEnd: sentence.end,
        // Worded only when someone looks at the hint (the report only counts hints).
        get rewording() {
          if (rewording === undefined) rewording = rewordingFor(h.rule, sentence.text, h.start, h.end);
          return rewording;
        },
      };
    });
}

/** Every hint in `text`, in order. Each sentence is checked on its own (and cached). */
export function checkLanguage(text: string, options: LanguageOptions = {}): LanguageFinding[] {
  const names = options.names ?? [];
  const out: LanguageFinding[] = [];
  for (const sentence of splitSentences(text)) {
    const cached = cachedSentence(sentence.text, names);
    for (const found of cached)
      out.push({
        start: found.start + sentence.start,
        end: found.end + sentence.start,
        rule: found.rule,
        message: found.message,
        suggestion: found.suggestion,
        sentenceStart: sentence.start,
        sentenceEnd: sentence.end,
        get rewording() {
          return found.rewording;
        },
      });
  }
  return out;
}

/** Findings of one sentence at offset 0, remembered: a long note re-checks only the sentences that changed. */
const sentenceCache = new Map<string, LanguageFinding[]>();

/** Forgets remembered sentences (benchmarks measure the first check). */
export function clearLanguageCache(): void {
  sentenceCache.clear();
}

function cachedSentence(sentence: string, names: readonly string[]): LanguageFinding[] {
  const key = `${names.join('\u0001')}\u0000${sentence}`;
  let found = sentenceCache.get(key);
  if (!found) {
    found = checkSentence({ start: 0, end: sentence.length, text: sentence }, names);
    if (sentenceCache.size >= 5_000) sentenceCache.clear();
    sentenceCache.set(key, found);
  }
  return found;
}
