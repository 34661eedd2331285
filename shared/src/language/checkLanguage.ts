/**
 * The blameless-language assistant: gentle hints for hindsight, counterfactual and blaming
 * wording, reframed toward "what made this make sense at the time?". Pure and fast enough
 * to run on every keystroke; it never blocks anything.
 */

export type LanguageRule = 'hindsight' | 'blame-word' | 'root-cause' | 'why-didnt' | 'person-negative';

export interface LanguageFinding {
  readonly start: number;
  readonly end: number;
  readonly rule: LanguageRule;
  readonly message: string;
  readonly suggestion: string;
}

export interface LanguageOptions {
  /** People on the board (person lanes); a name as the subject of a negative verb is flagged. */
  readonly names?: readonly string[];
}

const SUGGESTIONS: Record<LanguageRule, { message: string; suggestion: string }> = {
  hindsight: {
    message: 'Hindsight: this judges a past decision by what we know now.',
    suggestion: 'Describe what was known and seen at the time: what made this action make sense then?',
  },
  'blame-word': {
    message: 'This word judges a person rather than describing what happened.',
    suggestion: 'Describe the action and its context: which pressures, tools or signals shaped it?',
  },
  'root-cause': {
    message: '"Root cause" suggests a single cause; incidents rarely have one.',
    suggestion: 'Name the contributing factors instead: "one of the factors was…".',
  },
  'why-didnt': {
    message: '"Why didn’t they…" asks a person to defend themselves.',
    suggestion: 'Ask about the system: "what made this hard to see or do at the time?"',
  },
  'person-negative': {
    message: 'A person is the subject of a failure here.',
    suggestion: 'Put the situation first: what did they see, and what made the other path look right?',
  },
};

/** Words that make the subject of "should have", "failed to"… a system, not a person. */
const SYSTEM_WORDS = new Set(
  (
    'alert alerts alarm alarms system systems service services job jobs config configuration check checks monitor ' +
    'monitoring test tests suite script scripts pipeline pipelines deploy deploys deployment deployments cron process ' +
    'processes queue queues server servers pod pods node nodes cluster dashboard dashboards page pager metric metrics ' +
    'threshold thresholds rule rules tool tools tooling automation canary rollback migration migrations build builds ' +
    'ci release releases database db cache api endpoint endpoint flag flags feature it this that which library ' +
    'dependency upgrade runbook runbooks docs documentation probe healthcheck load balancer balancer certificate cert ' +
    'backup backups replica replicas disk network firewall proxy lock timeout retry retries limiter worker workers ' +
    'webhook integration app client clients version schema index query queries system’s'
  ).split(' '),
);

/** Words that make the subject a person. */
const PERSON_WORDS = new Set(
  (
    'i we you he she they someone somebody nobody anyone everyone engineer engineers developer developers dev devs ' +
    'operator operators admin admins on-call oncall on-caller sre sres ops team teams support staff manager lead ' +
    'person people guy guys intern reviewer reviewers author owner me us him her them'
  ).split(' '),
);

const WORD = /[\p{L}\p{N}’'-]+/gu;

const CLAUSE_BREAKS = ['.', ';', ',', '!', '?', ':', ' but ', ' and ', ' because ', ' so '];

/** The last `count` words before `index` within its clause, lower-cased. */
function wordsBefore(text: string, index: number, count: number): string[] {
  let clauseStart = 0;
  for (const mark of CLAUSE_BREAKS) {
    const at = text.lastIndexOf(mark, index - 1);
    if (at >= 0) clauseStart = Math.max(clauseStart, at + mark.length);
  }
  const clause = text.slice(clauseStart, index);
  return (clause.match(WORD) ?? []).slice(-count).map((w) => w.toLowerCase());
}

const QUESTION_WORDS = new Set(['what', 'which', 'how', 'where', 'when']);

type Subject = 'person' | 'system' | 'unknown';

/** Who does the verb at `index`: looks at the few words before it in the same clause. */
function subjectBefore(text: string, index: number, names: ReadonlySet<string>): Subject {
  const words = wordsBefore(text, index, 4);
  if (words.length === 0) return 'unknown';
  // "What would have helped…?" asks about the situation, not a person.
  if (QUESTION_WORDS.has(words[0]!) && words.length <= 2) return 'system';
  for (let i = words.length - 1; i >= 0; i--) {
    const word = words[i]!.replace(/[’']s$/, '');
    if (PERSON_WORDS.has(word) || names.has(word)) return 'person';
    if (SYSTEM_WORDS.has(word)) return 'system';
  }
  return 'unknown';
}

function negatedBefore(text: string, index: number): boolean {
  return wordsBefore(text, index, 3).some((w) =>
    ['not', 'no', 'never', 'nobody', 'without', 'isn’t', "isn't", 'wasn’t', "wasn't"].includes(w),
  );
}

interface Pattern {
  readonly rule: LanguageRule;
  readonly regex: RegExp;
  /** Lower-case text of which the match must contain one: a cheap test before the regex runs. */
  readonly needs: readonly string[];
  /** Decides whether a match is a finding (default: always). */
  readonly keep?: (text: string, match: RegExpExecArray, names: ReadonlySet<string>) => boolean;
}

const personOrUnknownSubject = (text: string, match: RegExpExecArray, names: ReadonlySet<string>) =>
  subjectBefore(text, match.index, names) !== 'system';

const PATTERNS: readonly Pattern[] = [
  {
    rule: 'hindsight',
    regex: /\b(?:should|could|would|must|might)(?:n['’]t| not)?(?: have|['’]ve)\b/giu,
    needs: ['should', 'could', 'would', 'must', 'might'],
    keep: personOrUnknownSubject,
  },
  { rule: 'hindsight', regex: /\bif only\b/giu, needs: ['if only'] },
  {
    rule: 'hindsight',
    regex: /\b(?:failed|forgot|neglected|omitted) to\b/giu,
    needs: ['failed', 'forgot', 'neglected', 'omitted'],
    keep: personOrUnknownSubject,
  },
  { rule: 'hindsight', regex: /\bneglect(?:ed|ing)?\b(?! to)/giu, needs: ['neglect'] },
  { rule: 'hindsight', regex: /\bdidn['’]t (?:even )?bother\b/giu, needs: ['bother'] },
  {
    rule: 'hindsight',
    regex: /\b(?:obviously|clearly) (?:should|could|was|wrong)\b/giu,
    needs: ['obviously', 'clearly'],
  },
  { rule: 'hindsight', regex: /\bshould(?:['’]ve| have) known\b/giu, needs: ['known'] },
  {
    rule: 'blame-word',
    regex:
      /\b(?:careless(?:ly|ness)?|sloppy|sloppiness|lazy|laziness|incompetent|incompetence|negligent|negligence|reckless(?:ly)?|irresponsible|stupid|dumb|idiot(?:ic)?|clueless|inattentive)\b/giu,
    needs: [
      'careless',
      'sloppy',
      'sloppiness',
      'lazy',
      'laziness',
      'incompeten',
      'negligen',
      'reckless',
      'irresponsible',
      'stupid',
      'dumb',
      'idiot',
      'clueless',
      'inattentive',
    ],
  },
  { rule: 'blame-word', regex: /\b(?:human|operator|user|pilot|people) errors?\b/giu, needs: ['error'] },
  { rule: 'blame-word', regex: /\b(?:screwed|messed|fucked) up\b/giu, needs: [' up'] },
  { rule: 'blame-word', regex: /\bdropped the ball\b/giu, needs: ['dropped'] },
  { rule: 'blame-word', regex: /\bnot paying attention\b/giu, needs: ['attention'] },
  {
    rule: 'blame-word',
    regex: /\b(?:his|her|their|your|my|our|[\p{Lu}][\p{L}]+['’]s) (?:fault|mistake|screw-?up)\b/gu,
    needs: ['fault', 'mistake', 'screw'],
  },
  {
    rule: 'blame-word',
    regex: /\bmade (?:a|the|an) (?:mistake|error|blunder)\b/giu,
    needs: ['made'],
    keep: personOrUnknownSubject,
  },
  {
    rule: 'blame-word',
    regex: /\b(?:to blame|at fault|is to blame|blame (?:him|her|them|you|me|us))\b/giu,
    needs: ['blame', 'fault'],
    keep: (text, m) => !negatedBefore(text, m.index),
  },
  {
    rule: 'root-cause',
    regex: /\b(?:the )?root[- ]cause\b(?!s)/giu,
    needs: ['cause'],
    keep: (text, m) =>
      !/\bno (?:single )?$|\bnot a (?:single )?$/i.test(text.slice(Math.max(0, m.index - 12), m.index)),
  },
  { rule: 'root-cause', regex: /\bthe (?:real|actual|one|single|only) cause\b/giu, needs: ['cause'] },
];

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

interface CompiledNames {
  readonly names: readonly string[];
  readonly nameSet: ReadonlySet<string>;
  readonly whyDidnt: RegExp;
  readonly named: RegExp | null;
}

/** Patterns that depend on the participants' names, compiled once per set of names. */
const compiledByNames = new Map<string, CompiledNames>();

function compileNames(rawNames: readonly string[]): CompiledNames {
  const key = rawNames.join('\n');
  const known = compiledByNames.get(key);
  if (known) return known;
  const names = rawNames.map((n) => n.trim()).filter((n) => n.length >= 2);
  const people = [
    'he',
    'she',
    'they',
    'you',
    'we',
    'i',
    'someone',
    'anyone',
    'nobody',
    'the engineer',
    'the on-?call',
    'the developer',
    'the team',
    'the operator',
    'the admin',
    'support',
    'ops',
    ...names.map(escapeRegExp),
  ];
  const negative =
    "(?:didn['’]t|did not|never|failed|forgot|missed|ignored|neglected|skipped|broke|overlooked|botched|misconfigured|messed|screwed|wasn['’]t paying|should(?:n['’]t)? have|ought to have)";
  const compiled: CompiledNames = {
    names,
    nameSet: new Set(names.map((n) => n.toLowerCase().split(/\s+/)[0]!)),
    whyDidnt: new RegExp(
      `\\bwhy (?:didn['’]t|did not|wasn['’]t|was not|weren['’]t|were not|hadn['’]t|had not|couldn['’]t|wouldn['’]t|don['’]t|doesn['’]t|isn['’]t|aren['’]t) (?:${people.join('|')})\\b`,
      'giu',
    ),
    named:
      names.length > 0
        ? new RegExp(
            `\\b(?:${names.map(escapeRegExp).join('|')})\\b(?:\\s+(?:just|simply|also|then|again|completely|totally))?\\s+${negative}`,
            'giu',
          )
        : null,
  };
  if (compiledByNames.size >= 64) compiledByNames.delete(compiledByNames.keys().next().value!);
  compiledByNames.set(key, compiled);
  return compiled;
}

/**
 * A word every pattern above needs (a superset, no word boundaries): most cards hold none,
 * and one test spares them the twenty patterns (a 5,000-card report checks every card).
 */
const TRIGGERS =
  /should|could|would|must|might|ought|if only|fail|forgot|neglect|omitted|bother|obvious|clearly|careless|sloppy|sloppiness|lazy|laziness|incompeten|negligen|reckless|irresponsible|stupid|dumb|idiot|clueless|inattentive|error|screw|mess|fuck|dropped the ball|attention|fault|mistake|blunder|blame|cause|why|didn|did not|never|missed|ignored|skipped|broke|overlooked|botched|misconfigured|wasn|paying/i;

export function checkLanguage(text: string, options: LanguageOptions = {}): LanguageFinding[] {
  if (!TRIGGERS.test(text)) return [];
  const { nameSet, whyDidnt, named } = compileNames(options.names ?? []);
  const findings: LanguageFinding[] = [];
  const add = (rule: LanguageRule, start: number, end: number) => {
    if (findings.some((f) => start < f.end && end > f.start)) return; // one hint per stretch of text
    findings.push({ start, end, rule, ...SUGGESTIONS[rule] });
  };

  // The most specific rules first: a later, overlapping finding is not added again.
  whyDidnt.lastIndex = 0;
  for (let match = whyDidnt.exec(text); match; match = whyDidnt.exec(text))
    add('why-didnt', match.index, match.index + match[0].length);

  if (named) {
    named.lastIndex = 0;
    for (let match = named.exec(text); match; match = named.exec(text))
      add('person-negative', match.index, match.index + match[0].length);
  }
  const lower = text.toLowerCase();
  for (const pattern of PATTERNS) {
    if (!pattern.needs.some((needle) => lower.includes(needle))) continue;
    pattern.regex.lastIndex = 0;
    for (let match = pattern.regex.exec(text); match; match = pattern.regex.exec(text)) {
      if (!pattern.keep || pattern.keep(text, match, nameSet))
        add(pattern.rule, match.index, match.index + match[0].length);
    }
  }

  return findings.sort((a, b) => a.start - b.start);
}
