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
export function PresenceAvatars() {
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
  return (
    <ul className="presence" aria-label={`${people.length} people on this board`}>
      {people.map((person) => (
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
    </ul>
  );
}
