import { useBoardContext, useBoardSnapshot, usePeers } from '../board/BoardContext';

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
  const { participant } = useBoardContext();
  const peers = usePeers();
  const board = useBoardSnapshot();
  const cardText = (id: string) => board.cards.find((card) => card.id === id)?.text.slice(0, 40) ?? 'a card';
  const people = [
    { key: 'me', name: participant.name, label: `${participant.name} (you)`, color: participant.color, doing: '' },
  ].concat(
    peers.map((peer) => ({
      key: String(peer.clientId),
      name: peer.user.name,
      label: peer.user.name,
      color: peer.user.color,
      doing: peer.dragging
        ? `moving “${cardText(peer.dragging.cardId)}”`
        : peer.editing
          ? `editing “${cardText(peer.editing)}”`
          : '',
    })),
  );
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
