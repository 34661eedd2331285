import { useViewStore } from '../../stores/viewStore';
import { PresenceAvatars } from '../presence/PresenceAvatars';
import { useBoardContext, useBoardSnapshot } from './BoardContext';
import { ConnectionBadge } from './ConnectionBadge';
import { ImportDialog } from '../import/ImportDialog';
import { ReportDialog } from '../report/ReportDialog';
import { LinksDialog } from './LinksDialog';
import { StatusControl } from './StatusControl';
import { useUndoRedo } from './useUndoRedo';

export function BoardHeader() {
  const { role, canEdit, token } = useBoardContext();
  const board = useBoardSnapshot();
  const mode = useViewStore((s) => s.mode);
  const setMode = useViewStore((s) => s.setMode);
  const zoom = useViewStore((s) => s.zoom);
  const requestFit = useViewStore((s) => s.requestFit);
  const undo = useUndoRedo();
  return (
    <header className="board-header">
      <div className="board-title">
        <a href="/" className="brand" aria-label="Retrace home">
          Retrace
        </a>
        <h1>{board.meta.title}</h1>
        {role === 'viewer' && <span className="role-badge">View only</span>}
        {role === 'facilitator' && <span className="role-badge">Facilitator</span>}
        <StatusControl />
      </div>
      <div className="board-tools">
        <ConnectionBadge />
        {role === 'facilitator' && <LinksDialog token={token} />}
        {canEdit && <ImportDialog />}
        <ReportDialog />
        <PresenceAvatars />
        {canEdit && (
          <div className="button-group" role="group" aria-label="History">
            <button type="button" onClick={undo.undo} disabled={!undo.canUndo} title="Undo your last change (Ctrl+Z)">
              Undo
            </button>
            <button type="button" onClick={undo.redo} disabled={!undo.canRedo} title="Redo (Ctrl+Shift+Z)">
              Redo
            </button>
          </div>
        )}
        <div className="button-group" role="group" aria-label="View">
          <button type="button" aria-pressed={mode === 'timeline'} onClick={() => setMode('timeline')}>
            Timeline
          </button>
          <button type="button" aria-pressed={mode === 'list'} onClick={() => setMode('list')}>
            List
          </button>
          <button type="button" aria-pressed={mode === 'factors'} onClick={() => setMode('factors')}>
            Factors
          </button>
        </div>
        {mode === 'timeline' && (
          <div className="button-group" role="group" aria-label="Zoom">
            <button type="button" onClick={() => zoom(1 / 1.5)} aria-label="Zoom out">
              −
            </button>
            <button type="button" onClick={requestFit} title="Fit the timeline to the cards">
              Fit
            </button>
            <button type="button" onClick={() => zoom(1.5)} aria-label="Zoom in">
              +
            </button>
          </div>
        )}
      </div>
    </header>
  );
}
