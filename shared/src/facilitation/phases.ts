/** The facilitated review, step by step: what each phase is for and what it asks of everyone. */
export const PHASES = ['kickoff', 'timeline', 'perspectives', 'factors', 'actions', 'wrapup'] as const;
export type Phase = (typeof PHASES)[number];

export interface PhaseGuide {
  readonly label: string;
  readonly purpose: string;
  readonly prompts: readonly string[];
}

export const PHASE_GUIDE: Record<Phase, PhaseGuide> = {
  kickoff: {
    label: 'Kick-off',
    purpose:
      'Agree why we are here and how we will talk: to learn how our systems let this happen, not to find who to blame.',
    prompts: ['Read the ground rules together.', 'Who saw the incident from which side?'],
  },
  timeline: {
    label: 'Timeline',
    purpose: 'Put everything that happened on one timeline, with times, before explaining any of it.',
    prompts: [
      'What did you see, and when?',
      'Which alerts, messages and dashboards were involved?',
      'Unsure of a time? Add the card anyway.',
    ],
  },
  perspectives: {
    label: 'Perspectives',
    purpose: 'Hear how it looked from each seat: what people knew, believed and did at the time.',
    prompts: ['What made your next step make sense then?', 'What surprised you?', 'What was hard to see or do?'],
  },
  factors: {
    label: 'Systemic factors',
    purpose: 'Find the parts of our systems that made the incident likely or its repair slow.',
    prompts: [
      'Which system gave us misleading information?',
      'What let one change reach everything at once?',
      'Which step depended on someone remembering?',
    ],
  },
  actions: {
    label: 'Actions',
    purpose: 'Agree changes that address the systemic factors, each with an owner.',
    prompts: ['Which factor does this action address?', 'Who owns it, and by when?'],
  },
  wrapup: {
    label: 'Wrap-up',
    purpose: 'Check that everyone was heard, note what went well, and say what happens next.',
    prompts: [
      'What went well? Where did we get lucky?',
      'What is still an open question?',
      'Who writes up the report?',
    ],
  },
};

export function isPhase(value: unknown): value is Phase {
  return typeof value === 'string' && (PHASES as readonly string[]).includes(value);
}

export function nextPhase(phase: Phase): Phase | null {
  return PHASES[PHASES.indexOf(phase) + 1] ?? null;
}

export function previousPhase(phase: Phase): Phase | null {
  const index = PHASES.indexOf(phase);
  return index > 0 ? PHASES[index - 1]! : null;
}

/** The facilitator's opening script: editable per board; this is the default. */
export const DEFAULT_KICKOFF_SCRIPT = `Thanks for being here. This is a blameless review: we are here to learn how our systems let this happen, not to find who to blame.

Ground rules:
- Everyone acted reasonably given what they knew at the time. We look for what made their choices make sense.
- We describe what we saw, believed and did, in our own words. There are no wrong perspectives.
- Hindsight is not foresight: "should have" is easy now and was not then.
- We talk about systems, signals and pressures, not about people's character.

How this call runs: first we build one timeline together, then we hear each perspective, then we look for the systemic factors, and we finish with actions that change those systems. I will keep time and may move us on; say so if you need more.`;
