import { useState } from 'react';
import { useModalDialog } from '../../stores/dialogStore';
import { fetchReport, type ReportFormat } from '../../lib/api';
import { downloadText } from '../actions/download';
import { IncidentWindowForm } from './IncidentWindowForm';
import { useBoardContext, useBoardSnapshot } from '../board/BoardContext';

const TYPES: Record<ReportFormat, string> = {
  md: 'text/markdown',
  html: 'text/html',
  json: 'application/json',
  'changes.md': 'text/markdown',
};

/** Preview, download, copy and print the written report (any role may export). */
export function ReportDialog() {
  const { session, token } = useBoardContext();
  const board = useBoardSnapshot();
  const [preview, setPreview] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const fileBase =
    board.meta.title
      .replace(/[^\p{L}\p{N}]+/gu, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 60) || 'retrace-report';

  const load = (format: ReportFormat) => fetchReport(session.boardId, token, format);
  const guard = async (work: () => Promise<void>) => {
    setStatus(null);
    try {
      await work();
    } catch (error) {
      setStatus((error as Error).message);
    }
  };

  const { ref: dialogRef, close } = useModalDialog('report', () => {
    setPreview(null);
    void guard(async () => setPreview(await load('md')));
  });

  const print = () =>
    guard(async () => {
      const html = await load('html');
      const frame = document.createElement('iframe');
      frame.className = 'print-frame';
      frame.title = 'Report for printing';
      frame.srcdoc = html;
      frame.onload = () => {
        frame.contentWindow?.print();
        setTimeout(() => frame.remove(), 1_000);
      };
      document.body.append(frame);
    });

  return (
    <>
      <dialog ref={dialogRef} className="dialog report-dialog" aria-labelledby="report-heading">
        <h2 id="report-heading">Written report</h2>
        <div className="row-buttons">
          {(['md', 'html', 'json'] as const).map((format) => (
            <button
              key={format}
              type="button"
              onClick={() =>
                void guard(async () => downloadText(`${fileBase}.${format}`, TYPES[format], await load(format)))
              }
            >
              Download .{format}
            </button>
          ))}
          <button
            type="button"
            onClick={() =>
              void guard(async () => {
                await navigator.clipboard.writeText(preview ?? (await load('md')));
                setStatus('Markdown copied.');
              })
            }
          >
            Copy Markdown
          </button>
          <button
            type="button"
            onClick={() =>
              void guard(async () =>
                downloadText(`${fileBase}.changes.md`, TYPES['changes.md'], await load('changes.md')),
              )
            }
          >
            Record of changes
          </button>
          <button type="button" onClick={() => void print()}>
            Print / PDF
          </button>
        </div>
        {status && (
          <p role="status" className="muted">
            {status}
          </p>
        )}
        <IncidentWindowForm
          key={String(preview === null)}
          onSaved={() => void guard(async () => setPreview(await load('md')))}
        />
        <pre
          className="report-preview"
          data-testid="report-preview"
          tabIndex={0}
          aria-label="Report preview (Markdown)"
        >
          {preview ?? 'Loading…'}
        </pre>
        <div className="dialog-buttons">
          <button type="button" onClick={close}>
            Close
          </button>
        </div>
      </dialog>
    </>
  );
}
