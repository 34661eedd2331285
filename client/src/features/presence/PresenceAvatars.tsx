import { readSeat } from '@retrace/shared';
import { useStore } from 'zustand';
import type { Peer } from '../../stores/presence';
import { useBoardContext, useBoardSnapshot, usePeers } from '../board/BoardContext';

interface Person {
  readonly key: string;
  readonly name: string;
  readonly label: string;
  readonly color: string;
  doing: string;
}

function initials(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => part[0]!.toUpperCase())
    .join('');
}

/** Who is here, and what each person is doing right now. */
export function PresenceAvatars({ limit }: { limit?: number } = {}) {
  const { participant, session } = useBoardContext();
  const mySeat = useStore(session.seat);
  const peers = usePeers();
  const board = useBoardSnapshot();
  const cardText = (id: string) => board.cards.find((card) => card.id === id)?.text.slice(0, 40) ?? 'a card';
  // One avatar per person: tabs that share a seat (as the server stamped it) are one person,
  // and my other tabs are me.
  const doingOf = (peer: Peer) =>
    peer.dragging
      ? `moving “${cardText(peer.dragging.cardId)}”`
      : peer.editing
        ? `editing “${cardText(peer.editing)}”`
        : '';
  const bySeat = new Map<string, Person>();
  for (const peer of peers) {
    const seat = readSeat(peer);
    if (seat && seat.id === mySeat?.id) continue;
    const key = seat?.id ?? `tab-${peer.clientId}`;
    const known = bySeat.get(key);
    if (known) {
      known.doing ||= doingOf(peer);
      continue;
    }
    const viewer = seat?.role === 'viewer';
    bySeat.set(key, {
      key,
      name: peer.user.name,
      label: viewer ? `${peer.user.name} (view only)` : peer.user.name,
      color: peer.user.color,
      doing: doingOf(peer),
    });
  }
  const people: Person[] = [
    { key: 'me', name: participant.name, label: `${participant.name} (you)`, color: participant.color, doing: '' },
    ...bySeat.values(),
  ];
  // In a compact header the first few are shown; the rest are counted (and named for screen readers).
  const shown = limit !== undefined && people.length > limit + 1 ? people.slice(0, limit) : people;
  const hidden = people.slice(shown.length);
  return (
    <ul className="presence" aria-label={`${people.length} people on this board`}>
      {shown.map((person) => (
        <li key={person.key} title={person.doing ? `${person.label}: ${person.doing}` : person.label}>
          <span className="avatar" style={{ background: person.color }} aria-hidden="true">
            {initials(person.name)}
          </span>
          <span className="visually-hidden">
            {person.label}
            {person.doing ? `, ${person.doing}` : ''}
          </span>
        </li>
      ))}
      {hidden.length > 0 && (
        <li title={hidden.map((person) => person.label).join(', ')}>
          <span className="avatar more" aria-hidden="true">
            +{hidden.length}
          </span>
          <span className="visually-hidden">and {hidden.map((person) => person.label).join(', ')}</span>
        </li>
      )}
    </ul>
  );
}
