import { instantFromWallTime, parseLocalDateTime } from '@retrace/shared';
import { useState, type FormEvent } from 'react';
import { TimeZoneSelect } from '../../components/ui/TimeZoneSelect';
import { createBoard, type CreatedBoard, type CreateBoardRequest } from '../../lib/api';
import { ErrorNote } from '../../components/ui/ErrorNote';

function browserZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** Title, incident window and reference time zone → a new board. */
export function CreateBoardForm({ onCreated }: { onCreated: (board: CreatedBoard, title: string) => void }) {
  const [title, setTitle] = useState('');
  const [timeZone, setTimeZone] = useState(browserZone);
  const [start, setStart] = useState('');
  const [end, setEnd] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    const request: { -readonly [K in keyof CreateBoardRequest]: CreateBoardRequest[K] } = {
      title: title.trim(),
      timeZone,
    };
    const startWall = start ? parseLocalDateTime(start) : null;
    const endWall = end ? parseLocalDateTime(end) : null;
    if (startWall) request.startedAt = instantFromWallTime(startWall, timeZone);
    if (endWall) request.resolvedAt = instantFromWallTime(endWall, timeZone);
    if (request.startedAt !== undefined && request.resolvedAt !== undefined && request.resolvedAt < request.startedAt) {
      setError('The incident cannot end before it starts.');
      return;
    }
    setBusy(true);
    try {
      onCreated(await createBoard(request), request.title);
    } catch (caught) {
      setError((caught as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="card-panel create-form" onSubmit={submit} aria-labelledby="create-heading">
      <h2 id="create-heading">Start a post-incident review</h2>
      <label>
        Incident title
        <input
          required
          maxLength={200}
          value={title}
          onChange={(e) => setTitle(e.target.value)}
          placeholder="Checkout errors after the payments deploy"
        />
      </label>
      <div className="row">
        <label>
          Started (in the reference zone)
          <input type="datetime-local" value={start} onChange={(e) => setStart(e.target.value)} />
        </label>
        <label>
          Resolved
          <input type="datetime-local" value={end} onChange={(e) => setEnd(e.target.value)} />
        </label>
      </div>
      <label>
        Reference time zone for the report
        <TimeZoneSelect value={timeZone} onChange={setTimeZone} />
      </label>
      <ErrorNote message={error} />
      <button type="submit" className="primary" disabled={busy || title.trim() === ''}>
        {busy ? 'Creating…' : 'Create board'}
      </button>
    </form>
  );
}
