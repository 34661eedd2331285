import {
  IMPORT_SOURCES,
  addToInbox,
  applyImport,
  detectSource,
  formatDateTime,
  importLocation,
  instantFromWallTime,
  parseLocalDateTime,
  parseSlackWorkspace,
  parseSource,
  planImport,
  toLocalDateTimeValue,
  type ImportSource,
  type ParsedImport,
} from '@retrace/shared';
import { useEffect, useMemo, useRef, useState } from 'react';
import { TimeZoneSelect } from '../../components/ui/TimeZoneSelect';
import { useModalDialog } from '../../stores/dialogStore';
import { useViewStore } from '../../stores/viewStore';
import { useBoardContext, useBoardSnapshot, useEditContext } from '../board/BoardContext';
import { CARD_KIND_STYLE } from '../timeline/cardKinds';
import { readImportFiles, type ImportInput } from './readImportFiles';

/** Above this many entries the import goes to the evidence inbox by default, not onto the timeline. */
const INBOX_BY_DEFAULT = 40;

type Destination = 'inbox' | 'timeline';

/**
 * Paste or upload what the incident left behind (a Slack export as delivered, the pager's
 * log, alert history, deploys, git log, a chat log or CSV), check the preview, then add it
 * to the evidence inbox (to place what matters) or straight onto the timeline.
 */
export function ImportDialog() {
  const { session, participant } = useBoardContext();
  const ctx = useEditContext();
  const board = useBoardSnapshot();
  const [input, setInput] = useState<ImportInput>({ kind: 'text', name: null, text: '' });
  const [readError, setReadError] = useState<string | null>(null);
  const [source, setSource] = useState<ImportSource | 'auto'>('auto');
  const incidentDate = () => toLocalDateTimeValue(board.meta.startedAt ?? Date.now(), board.meta.timeZone).slice(0, 10);
  const [timeZone, setTimeZone] = useState(board.meta.timeZone);
  const [date, setDate] = useState(incidentDate);
  const [channels, setChannels] = useState<ReadonlySet<string>>(new Set());
  const [windowFrom, setWindowFrom] = useState('');
  const [windowTo, setWindowTo] = useState('');
  const [destination, setDestination] = useState<Destination | null>(null);
  const [result, setResult] = useState<string | null>(null);
  const folderRef = useRef<HTMLInputElement>(null);
  const { ref: dialogRef, close } = useModalDialog('import', () => {
    setTimeZone(board.meta.timeZone);
    setDate(incidentDate());
  });
  // React has no prop for folder pickers.
  useEffect(() => folderRef.current?.setAttribute('webkitdirectory', ''), []);

  const text = input.kind === 'text' ? input.text : '';
  const chosen: ImportSource = input.kind === 'workspace' ? 'slack' : source === 'auto' ? detectSource(text) : source;
  const parsed: ParsedImport | null = useMemo(() => {
    if (input.kind === 'workspace') {
      const at = (value: string) => {
        const wall = parseLocalDateTime(value);
        return wall ? instantFromWallTime(wall, board.meta.timeZone) : null;
      };
      return parseSlackWorkspace(input.workspace, { channels: [...channels], from: at(windowFrom), to: at(windowTo) });
    }
    return text.trim() ? parseSource(text, chosen, { timeZone, date }) : null;
  }, [input, text, chosen, timeZone, date, channels, windowFrom, windowTo, board.meta.timeZone]);
  const plan = useMemo(() => (parsed ? planImport(board, parsed.entries, chosen) : null), [parsed, board, chosen]);
  const fresh = plan?.cards.filter((card) => !card.duplicate).length ?? 0;
  const where = destination ?? (input.kind === 'workspace' || fresh > INBOX_BY_DEFAULT ? 'inbox' : 'timeline');
  const canImport = parsed !== null && parsed.errors.length === 0 && fresh > 0;
  const skipped = parsed?.skipped ?? [];

  const pick = async (files: FileList | null) => {
    setReadError(null);
    setResult(null);
    if (!files || files.length === 0) return;
    try {
      const next = await readImportFiles(files);
      setInput(next);
      if (next.kind === 'workspace') {
        // A handful of channels are all read; from a whole workspace the person picks.
        const names = next.workspace.channels.map((c) => c.name);
        setChannels(new Set(names.length <= 3 ? names : names.filter((name) => /^(inc|incident)[-_]/i.test(name))));
        const around = (instant: number | null, deltaHours: number) =>
          instant === null ? '' : toLocalDateTimeValue(instant + deltaHours * 3_600_000, board.meta.timeZone);
        setWindowFrom(around(board.meta.startedAt, -2));
        setWindowTo(around(board.meta.resolvedAt, 2));
      }
    } catch (error) {
      setReadError(`${files[0]?.name ?? 'The file'}: ${(error as Error).message}`);
    }
  };

  const runImport = () => {
    if (!plan || !canImport) return;
    if (where === 'inbox') {
      const { added, skipped: already } = addToInbox(session.doc, plan, chosen, ctx);
      useViewStore.getState().showPanel('inbox');
      setResult(
        `Added ${added} items to the evidence inbox${already ? ` (${already} were there already or over its limit)` : ''}. Place the ones that matter.`,
      );
    } else {
      const { created, cardIds } = applyImport(session.doc, plan, ctx, timeZone, chosen);
      useViewStore.getState().revealCards(cardIds);
      setResult(`Imported ${created} cards${plan.newLanes.length ? ` and ${plan.newLanes.length} new lanes` : ''}.`);
    }
    setInput({ kind: 'text', name: null, text: '' });
  };

  const toggleChannel = (name: string, on: boolean) =>
    setChannels((current) => {
      const next = new Set(current);
      if (on) next.add(name);
      else next.delete(name);
      return next;
    });

  return (
    <dialog ref={dialogRef} className="dialog import-dialog" aria-labelledby="import-heading">
      <h2 id="import-heading">Import a timeline</h2>
      <p className="muted">
        Start from where the incident happened: a Slack export (the .zip as delivered, or its folder), the PagerDuty
        log, Alertmanager or Grafana alert history, GitHub deployments or pull requests, git log, a chat log or a CSV.
        Nothing is written until you import; importing the same thing again adds nothing twice.
      </p>
      {input.kind === 'text' ? (
        <label>
          Log
          <textarea
            rows={7}
            value={input.text}
            onChange={(e) => setInput({ kind: 'text', name: null, text: e.target.value })}
            placeholder={'[09:58] alice: deploy finished\n[10:02] bob: checkout errors rising'}
          />
        </label>
      ) : (
        <div className="import-workspace">
          <p>
            <strong>Slack export {input.name}</strong>: {input.workspace.channels.length} channels,{' '}
            {input.workspace.users.size} people.{' '}
            <button
              type="button"
              className="link-button"
              onClick={() => setInput({ kind: 'text', name: null, text: '' })}
            >
              Choose something else
            </button>
          </p>
          <fieldset>
            <legend>Channels to read</legend>
            <div className="channel-list">
              {input.workspace.channels.map((channel) => (
                <label key={channel.name} className="checkbox">
                  <input
                    type="checkbox"
                    checked={channels.has(channel.name)}
                    onChange={(e) => toggleChannel(channel.name, e.target.checked)}
                  />
                  #{channel.name}{' '}
                  <span className="muted">
                    ({channel.files.length} days, {channel.firstDay}
                    {channel.lastDay !== channel.firstDay ? ` to ${channel.lastDay}` : ''})
                  </span>
                </label>
              ))}
            </div>
          </fieldset>
          <div className="row">
            <label>
              From ({board.meta.timeZone})
              <input type="datetime-local" value={windowFrom} onChange={(e) => setWindowFrom(e.target.value)} />
            </label>
            <label>
              To
              <input type="datetime-local" value={windowTo} onChange={(e) => setWindowTo(e.target.value)} />
            </label>
          </div>
        </div>
      )}
      <div className="row">
        <label>
          Or upload a file
          <input
            type="file"
            accept=".zip,.json,.ndjson,.csv,.txt,.log,application/zip,text/plain,application/json,text/csv"
            onChange={(e) => void pick(e.target.files)}
          />
        </label>
        <label>
          or an unzipped Slack export folder
          <input ref={folderRef} type="file" multiple onChange={(e) => void pick(e.target.files)} />
        </label>
      </div>
      {readError && (
        <p role="alert" className="import-errors">
          {readError}
        </p>
      )}
      {input.kind === 'text' && (
        <div className="row">
          <label>
            Format
            <select value={source} onChange={(e) => setSource(e.target.value as ImportSource | 'auto')}>
              <option value="auto">Detect ({IMPORT_SOURCES[detectSource(text)]})</option>
              {(Object.keys(IMPORT_SOURCES) as ImportSource[]).map((key) => (
                <option key={key} value={key}>
                  {IMPORT_SOURCES[key]}
                </option>
              ))}
            </select>
          </label>
          {(chosen === 'chat' || chosen === 'csv') && (
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
      )}
      {parsed && parsed.errors.length > 0 && (
        <div role="alert" className="import-errors">
          <p>
            <strong>
              {parsed.errors.length === 1 ? 'One problem needs' : `${parsed.errors.length} problems need`} fixing before
              anything is imported:
            </strong>
          </p>
          <ul>
            {parsed.errors.slice(0, 20).map((error) => (
              <li key={`${error.line}-${error.message}`}>
                {importLocation(error)}: {error.message}
              </li>
            ))}
          </ul>
        </div>
      )}
      {skipped.length > 0 && (
        <details className="import-skipped">
          <summary>
            {skipped.length} {skipped.length === 1 ? 'item is' : 'items are'} left out, each with its reason
          </summary>
          <ul>
            {skipped.slice(0, 100).map((skip) => (
              <li key={`${skip.ref}-${skip.reason}`}>
                {skip.ref}: {skip.reason}
              </li>
            ))}
          </ul>
        </details>
      )}
      {plan && plan.cards.length > 0 && (
        <div className="import-preview">
          <p>
            {fresh} new{plan.cards.length - fresh ? `, ${plan.cards.length - fresh} already on the board` : ''}
            {plan.newLanes.length ? `; new lanes: ${plan.newLanes.map((lane) => lane.name).join(', ')}` : ''}.
          </p>
          <fieldset className="import-destination">
            <legend>Where to</legend>
            <label className="checkbox">
              <input
                type="radio"
                name="import-destination"
                checked={where === 'inbox'}
                onChange={() => setDestination('inbox')}
              />
              Evidence inbox: the group places what matters
            </label>
            <label className="checkbox">
              <input
                type="radio"
                name="import-destination"
                checked={where === 'timeline'}
                onChange={() => setDestination('timeline')}
              />
              Straight onto the timeline
            </label>
          </fieldset>
          <table data-testid="import-preview">
            <thead>
              <tr>
                <th scope="col">From</th>
                <th scope="col">Time ({participant.timeZone})</th>
                <th scope="col">Lane</th>
                <th scope="col">Kind</th>
                <th scope="col">Text</th>
              </tr>
            </thead>
            <tbody>
              {plan.cards.slice(0, 200).map((card) => (
                <tr key={`${card.line}-${card.id}`} className={card.duplicate ? 'duplicate' : undefined}>
                  <td>{card.ref ?? card.line}</td>
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
                    {card.note && <span className="muted"> · {card.note}</span>}
                    {card.duplicate && <em className="muted"> (already imported)</em>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {plan.cards.length > 200 && <p className="muted">…and {plan.cards.length - 200} more.</p>}
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
          {where === 'inbox'
            ? `Add ${fresh > 0 ? fresh : ''} to the inbox`
            : `Import ${fresh > 0 ? `${fresh} cards` : ''}`}
        </button>
      </div>
    </dialog>
  );
}
