import nlp from 'compromise';
import type { LanguageRule } from './checkLanguage';

/**
 * A rewording of the very sentence a hint is about, in the blameless style: the situation
 * first, a question about what made a choice reasonable at the time, a mechanism instead of
 * a plea. Built from the sentence's own words (its subject and verb phrase, conjugated by
 * compromise); null when no rewording fits, and the hint's general advice stands alone.
 */

const OBJECT_PRONOUN: Record<string, string> = { i: 'me', we: 'us', he: 'him', she: 'her', they: 'them', you: 'you' };

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function stripEnd(text: string): string {
  return text.replace(/[\s.!?,;:]+$/u, '').trim();
}

/** "checked the logs before deploying" → "check the logs before deploying". */
function infinitive(phrase: string): string {
  const verbs = nlp(phrase).verbs();
  const first = verbs.first() as unknown as typeof verbs;
  if (first.found) {
    const base = first.toInfinitive().text();
    const verbText = nlp(phrase).verbs().first().text();
    if (verbText && phrase.startsWith(verbText)) return `${base}${phrase.slice(verbText.length)}`.trim();
  }
  return phrase;
}

/** "restarted the primary" → "restarting the primary". */
function gerund(phrase: string): string {
  const words = phrase.split(/\s+/);
  const base = infinitive(phrase).split(/\s+/);
  const verb = base[0] ?? words[0] ?? '';
  const ing = nlp(verb)
    .verbs()
    .toGerund()
    .text()
    .replace(/^is\s+|^are\s+|^am\s+/, '');
  return [ing || verb, ...base.slice(1)].join(' ');
}

function subjectOf(before: string): string {
  const words = stripEnd(before)
    .replace(/^(?:\d{1,2}:\d{2}(?::\d{2})?\s+)/, '')
    .replace(/^(?:honestly|tbh|i mean|so|well|in hindsight|obviously|clearly),?\s+/i, '')
    .trim();
  return words;
}

function objectForm(subject: string): string {
  const lower = subject.toLowerCase();
  if (OBJECT_PRONOUN[lower]) return OBJECT_PRONOUN[lower]!;
  if (!subject) return 'us';
  return /^(?:the|a|an)\s/i.test(subject) ? subject.charAt(0).toLowerCase() + subject.slice(1) : subject;
}

function personIn(sentence: string): string | null {
  return (
    /([\p{Lu}][\p{L}]+)['’]s\b/u.exec(sentence)?.[1] ??
    /\b(?:on|with|to|by)\s+([\p{Lu}][\p{L}]+)\b/u.exec(sentence)?.[1] ??
    null
  );
}

const TRAILING_TIME = /\s+(?:in (?:the )?future|next time|again|from now on|going forward)$/i;

export function rewordingFor(rule: LanguageRule, sentence: string, start: number, end: number): string | null {
  const before = sentence.slice(0, start);
  const matched = sentence.slice(start, end);
  const after = stripEnd(sentence.slice(end));
  const timePrefix = /^(\d{1,2}:\d{2}(?::\d{2})?\s+)/.exec(sentence)?.[1] ?? '';
  const subject = subjectOf(before);
  switch (rule) {
    case 'hindsight': {
      if (/not|never|n['’]t/i.test(matched) && after)
        return `${timePrefix}What made ${gerund(after)} look reasonable at the time?`;
      if (after && !/^if only/i.test(matched))
        return `${timePrefix}At the time, what would have helped ${objectForm(subject)} ${infinitive(after)}?`;
      if (/^if only/i.test(matched) && after)
        return `${timePrefix}What would have made ${after.replace(/^(?:[\p{L}’'-]+\s+)?had\s+/iu, '')} easy at the time?`;
      return null;
    }
    case 'person-negative': {
      const who = capitalise(subject || 'They');
      const verb = matched.toLowerCase();
      const didNot = /did(?:n['’]?t| not)\s+(?:even\s+)?(\w+)$/i.exec(matched);
      if (didNot)
        return `${timePrefix}${who} did not ${didNot[1]} ${after}: what made that hard at the time?`.replace(' :', ':');
      const rest = after.replace(/^to\s+/i, '');
      if (/ignor/.test(verb) && rest)
        return `${timePrefix}${who} did not act on ${rest}: what made it look unimportant at the time?`;
      if (/forgot|neglect|fail|skip|overlook|never|bother/.test(verb) && rest)
        return `${timePrefix}${who} did not ${infinitive(rest)}: what made that easy to miss at the time?`;
      return `${timePrefix}What made this step hard to get right for ${objectForm(subject || 'them')} at the time?`;
    }
    case 'judgement': {
      const tail = sentence.slice(end);
      // "The decision was reckless": ask about it; "a sloppy handover from Sam": drop the judgement.
      if (/(?:was|were|is|are|been)\s+(?:\w+\s+and\s+)?$/i.test(before) || !stripEnd(tail))
        return `${timePrefix}What made ${objectForm(stripEnd(before.replace(/\s+(?:was|were|is|are|been)\s+(?:\w+\s+and\s+)?$/i, '')) || 'it')} turn out this way at the time?`;
      const without = stripEnd(`${before}${tail}`.replace(/\s{2,}/g, ' ').replace(/\ba(\s+)(?=[aeiou])/gi, 'an$1'));
      return `${capitalise(without)}: what shaped it at the time?`;
    }
    case 'human-error': {
      const replaced = `${before}${sentence.slice(end)}`
        .replace(/\b(?:an?|the|simple|classic|pure|just)\s+$/i, '')
        .replace(/\s{2,}/g, ' ');
      const core = stripEnd(replaced.replace(/^[\s,:]+/, ''));
      const what = /fat|mistyp|typo/i.test(matched) ? 'a mistyped value' : 'a step the tooling allowed';
      return core
        ? `${capitalise(core)} (${what}): which guard rail, default or signal let it through?`
        : `Which guard rail, default or signal let ${what} through?`;
    }
    case 'who-why': {
      const why =
        /^why\s+(?:on earth\s+)?(?:did not|didn['’]?t|did|would|were|was|do|does)\s+(?:even\s+)?(?:\S+)\s+(.*)$/i.exec(
          stripEnd(sentence.slice(start)).replace(/\?+$/, ''),
        );
      if (why?.[1]) {
        const negative = /n['’]?t|not/i.test(matched);
        return `${timePrefix}What made ${gerund(why[1])} look ${negative ? 'wrong or hard' : 'like the right step'} at the time?`;
      }
      const who = /^who\s+(?:the hell\s+)?(\w+)\s+(.*)$/i.exec(stripEnd(sentence.slice(start)).replace(/\?+$/, ''));
      if (who && /ed$|pushed|ran|broke|made|keeps/i.test(who[1]!))
        return `${timePrefix}What made ${gerund(`${who[1]} ${who[2]}`).replace(/^keeping\s+/, '')} look reasonable at the time, and what did the people involved see?`;
      return `${timePrefix}What did the people involved see at the time, and what made their choice look right?`;
    }
    case 'passive-aggressive': {
      const plain = stripEnd(
        sentence
          .replace(/\b(?:great|nice|good) job\b[, ]*/gi, '')
          .replace(/\bas (?:I(?:['’]ve| have)? (?:already )?(?:said|mentioned)|discussed)[^,]*,\s*/gi, '')
          .replace(/\bper my last (?:message|email),?\s*/gi, '')
          .replace(
            /,?\s*\b(?:once again|yet again|not for the first time|unsurprisingly|predictably|as usual|despite repeated reminders)\b,?\s*/gi,
            ' ',
          )
          .replace(
            /^\s*(?:lovely|awesome|cool cool cool|shocking|great|well done \p{Lu}\p{L}+|oh look|no worries \p{Lu}\p{L}+),?\s*/giu,
            '',
          )
          .replace(/\s{2,}/g, ' '),
      );
      return plain ? `${capitalise(plain)}. What made this likely?` : null;
    }
    case 'fault': {
      const person = personIn(sentence);
      return person
        ? `${timePrefix}Which conditions around ${person}’s work made this likely for anyone in that seat, and which guard rail would have caught it?`
        : `${timePrefix}Which conditions made this outcome likely for anyone in that seat, and which guard rail would have caught it?`;
    }
    case 'obvious': {
      const core = stripEnd(
        sentence
          .replace(/\b(?:it|this|that)(?:\s+was|['’]s|\s+is)\s+(?:so\s+|blindingly\s+)?obvious(?:\s+that)?\s*/i, '')
          .replace(/\bobviously,?\s*|\bclearly,?\s*/i, ''),
      );
      if (core && core !== stripEnd(sentence)) return `${capitalise(core)}: what made that hard to see at the time?`;
      return `${timePrefix}What could the people involved see at the time, and what made this hard to notice?`;
    }
    case 'try-harder': {
      const clean = stripEnd(sentence).replace(TRAILING_TIME, '');
      const object = /(?:double[\s-]?check\w*|check)\s+(?:(?:his|her|their|your|our)\s+)?(.*)$/i.exec(clean)?.[1];
      if (object)
        return `Check ${stripEnd(object.replace(TRAILING_TIME, ''))} automatically, in CI or in the tool before it applies the change.`;
      const when =
        /\b(?:careful|vigilant|thorough|attention|care)\b(?:\s+(?:when|with|about|to|during|around|in)\s+(.*))?$/i.exec(
          clean,
        )?.[1];
      if (when) return `Add a guard rail for ${when}: a check in the tool that stops the risky step.`;
      const task = /\b(?:remind|reminder)\b.*?\bto\s+(.*)$/i.exec(clean)?.[1];
      if (task)
        return `Make ${gerund(task)} part of the tool (a prompt, a check or an automation) instead of a reminder.`;
      if (/train/i.test(matched))
        return 'Change the tool or runbook so the safe step is the easy one, and practise it in a game day.';
      const imperative = /(?:read|follow|test|look at)\s+(.*)$/i.exec(clean);
      if (imperative) return `Make ${imperative[1]} part of the tool: a prompt or check at the moment it matters.`;
      return 'Replace this with a mechanism: a guard rail, an automation, or a check in the tool.';
    }
  }
}
