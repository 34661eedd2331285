import { useState, type FormEvent } from 'react';
import { TimeZoneSelect } from '../../components/ui/TimeZoneSelect';
import { browserTimeZone, loadParticipant, saveParticipant, type Participant } from '../../lib/identity';

/** Asks once for a display name (and optional team/role); the browser's zone is the default. */
export function JoinDialog({
  boardTitle,
  onJoined,
}: {
  boardTitle: string;
  onJoined: (participant: Participant) => void;
}) {
  const known = loadParticipant();
  const [name, setName] = useState(known?.name ?? '');
  const [team, setTeam] = useState(known?.team ?? '');
  const [timeZone, setTimeZone] = useState(known?.timeZone ?? browserTimeZone());
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim()) return;
    onJoined(saveParticipant({ name, team, timeZone }));
  };
  return (
    <main className="home">
      <form className="card-panel" onSubmit={submit} aria-labelledby="join-heading">
        <h1 id="join-heading">Join “{boardTitle}”</h1>
        <p className="muted">
          Your name appears on your lane and next to what you add. This review is blameless: we are here to learn how
          our systems let this happen, not to find who to blame.
        </p>
        <label>
          Display name
          <input
            autoFocus
            required
            maxLength={60}
            value={name}
            onChange={(e) => setName(e.target.value)}
            placeholder="Ana"
          />
        </label>
        <label>
          Team or role <span className="muted">(optional)</span>
          <input maxLength={60} value={team} onChange={(e) => setTeam(e.target.value)} placeholder="Backend, on-call" />
        </label>
        <label>
          Your time zone
          <TimeZoneSelect value={timeZone} onChange={setTimeZone} />
        </label>
        <button type="submit" className="primary" disabled={!name.trim()}>
          Join the board
        </button>
      </form>
    </main>
  );
}
