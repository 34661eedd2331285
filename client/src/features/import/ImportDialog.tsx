import { useViewStore } from '../../stores/viewStore';
import { applyImport, formatDateTime, planImport, toLocalDateTimeValue, type ImportSource } from '@retrace/shared';
import { useMemo, useState } from 'react';
import { useModalDialog } from '../../stores/dialogStore';
import { TimeZoneSelect } from '../../components/ui/TimeZoneSelect';
import { useBoardContext, useBoardSnapshot, useEditContext } from '../board/BoardContext';
import { CARD_KIND_STYLE } from '../timeline/cardKinds';
import { detectSource, parseInput } from './parseInput';

const SOURCES: Record<ImportSource, string> = {
  chat: 'Chat log ([14:32] name: text)',
  slack: 'Slack channel export (JSON)',
  csv: 'CSV (time,lane,kind,text)',
};

/** Paste or upload an incident log, check the preview, then import it all at once. */
export function ImportDialog() {
  const { session, participant } = useBoardContext();
  const ctx = useEditContext();
  const board = useBoardSnapshot();
  const [text, setText] = useState('');
  const [source, setSource] = useState<ImportSource | 'auto'>('auto');
  // Defaults are taken from the board as it is when the dialog opens (not when the page
  // first rendered, which may be before the board synced).
  const incidentDate = () => toLocalDateTimeValue(board.meta.startedAt ?? Date.now(), board.meta.timeZone).slice(0, 10);
  const [timeZone, setTimeZone] = useState(board.meta.timeZone);
  const [date, setDate] = useState(incidentDate);
  const [result, setResult] = useState<string | null>(null);
  const { ref: dialogRef, close } = useModalDialog('import', () => {
    setTimeZone(board.meta.timeZone);
    setDate(incidentDate());
  });

  const chosen = source === 'auto' ? detectSource(text) : source;
  const parsed = useMemo(
    () => (text.trim() ? parseInput(text, chosen, { timeZone, date }) : null),
    [text, chosen, timeZone, date],
  );
  const plan = useMemo(() => (parsed ? planImport(board, parsed.entries, chosen) : null), [parsed, board, chosen]);
  const fresh = plan?.cards.filter((card) => !card.duplicate).length ?? 0;
  const canImport = parsed !== null && parsed.errors.length === 0 && fresh > 0;

  const runImport = () => {
    if (!plan || !canImport) return;
    const { created, cardIds } = applyImport(session.doc, plan, ctx, timeZone);
    useViewStore.getState().revealCards(cardIds);
    setResult(`Imported ${created} cards${plan.newLanes.length ? ` and ${plan.newLanes.length} new lanes` : ''}.`);
    setText('');
  };

  return (
    <>
      <dialog ref={dialogRef} className="dialog import-dialog" aria-labelledby="import-heading">
        <h2 id="import-heading">Import a timeline</h2>
        <p className="muted">
          Start from the incident channel: paste the log or upload a file. Nothing is written until you import;
          importing the same log again adds nothing twice.
        </p>
        <label>
          Log
          <textarea
            rows={8}
            value={text}
            onChange={(e) => setText(e.target.value)}
            placeholder={'[09:58] alice: deploy finished\n[10:02] bob: checkout errors rising'}
          />
        </label>
        <label>
          Or upload a file
          <input
            type="file"
            accept=".json,.csv,.txt,.log,text/plain,application/json,text/csv"
            onChange={(e) => {
              const file = e.target.files?.[0];
              if (file) void file.text().then(setText);
            }}
          />
        </label>
        <div className="row">
          <label>
            Format
            <select value={source} onChange={(e) => setSource(e.target.value as ImportSource | 'auto')}>
              <option value="auto">Detect ({SOURCES[detectSource(text)]})</option>
              {(Object.keys(SOURCES) as ImportSource[]).map((key) => (
                <option key={key} value={key}>
                  {SOURCES[key]}
                </option>
              ))}
            </select>
          </label>
          {chosen !== 'slack' && (
            <>
              <label>
                Times in
                <TimeZoneSelect value={timeZone} onChange={setTimeZone} />
              </label>
              <label>
                Date of bare times
                <input type="date" value={date} onChange={(e) => setDate(e.target.value)} />
              </label>
            </>
          )}
        </div>
        {parsed && parsed.errors.length > 0 && (
          <div role="alert" className="import-errors">
            <p>
              <strong>{parsed.errors.length} lines need fixing before anything is imported:</strong>
            </p>
            <ul>
              {parsed.errors.slice(0, 20).map((error) => (
                <li key={`${error.line}-${error.message}`}>
                  Line {error.line}: {error.message}
                </li>
              ))}
            </ul>
          </div>
        )}
        {plan && plan.cards.length > 0 && (
          <div className="import-preview">
            <p>
              {fresh} new cards{plan.cards.length - fresh ? `, ${plan.cards.length - fresh} already on the board` : ''}
              {plan.newLanes.length ? `; new lanes: ${plan.newLanes.join(', ')}` : ''}.
            </p>
            <table data-testid="import-preview">
              <thead>
                <tr>
                  <th scope="col">Line</th>
                  <th scope="col">Time ({participant.timeZone})</th>
                  <th scope="col">Lane</th>
                  <th scope="col">Kind</th>
                  <th scope="col">Text</th>
                </tr>
              </thead>
              <tbody>
                {plan.cards.slice(0, 200).map((card) => (
                  <tr key={`${card.line}-${card.id}`} className={card.duplicate ? 'duplicate' : undefined}>
                    <td>{card.line}</td>
                    <td>
                      {card.occurredAt === null ? 'unknown' : formatDateTime(card.occurredAt, participant.timeZone)}
                    </td>
                    <td>
                      {card.laneName}
                      {card.laneId === null && <span className="new-badge"> new</span>}
                    </td>
                    <td>{CARD_KIND_STYLE[card.kind].label}</td>
                    <td>
                      {card.text}
                      {card.duplicate && <em className="muted"> (already imported)</em>}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {result && (
          <p role="status" className="muted">
            {result}
          </p>
        )}
        <div className="dialog-buttons">
          <button type="button" onClick={close}>
            Close
          </button>
          <button type="button" className="primary" disabled={!canImport} onClick={runImport}>
            Import {fresh > 0 ? `${fresh} cards` : ''}
          </button>
        </div>
      </dialog>
    </>
  );
}
