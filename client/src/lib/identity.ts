import { newId } from '@retrace/shared';

/** Who this browser is on boards: asked once, kept locally (no accounts). */
export interface Participant {
  readonly id: string;
  readonly name: string;
  readonly team: string;
  readonly timeZone: string;
  readonly color: string;
}

const KEY = 'retrace.participant';

/** Colours with at least 4.5:1 contrast against white text. */
export const PRESENCE_COLORS = ['#1f5fbf', '#a23b72', '#2b7a3d', '#8a4b08', '#6b3fa0', '#0f6f7a', '#b3261e', '#44546a'];

export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

export function loadParticipant(storage: Pick<Storage, 'getItem'> = localStorage): Participant | null {
  try {
    const value = JSON.parse(storage.getItem(KEY) ?? 'null') as Partial<Participant> | null;
    if (!value || typeof value.id !== 'string' || typeof value.name !== 'string' || !value.name.trim()) return null;
    return {
      id: value.id,
      name: value.name,
      team: typeof value.team === 'string' ? value.team : '',
      timeZone: typeof value.timeZone === 'string' ? value.timeZone : browserTimeZone(),
      color: typeof value.color === 'string' ? value.color : PRESENCE_COLORS[0]!,
    };
  } catch {
    return null;
  }
}

export function saveParticipant(
  input: { name: string; team: string; timeZone: string },
  storage: Pick<Storage, 'getItem' | 'setItem'> = localStorage,
): Participant {
  const existing = loadParticipant(storage);
  const participant: Participant = {
    id: existing?.id ?? newId(),
    name: input.name.trim().slice(0, 60),
    team: input.team.trim().slice(0, 60),
    timeZone: input.timeZone,
    color: existing?.color ?? PRESENCE_COLORS[Math.floor(Math.random() * PRESENCE_COLORS.length)]!,
  };
  storage.setItem(KEY, JSON.stringify(participant));
  return participant;
}
