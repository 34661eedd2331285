import { BOARD_STATUSES, BOARD_STATUS_LABEL } from '@retrace/shared';
import { useState } from 'react';
import { MenuButton, MenuGroup, MenuItem, MenuSeparator } from '../../components/ui/Menu';
import { setBoardStatus } from '../../lib/api';
import { useCompactBoard } from '../../lib/useMediaQuery';
import { useDialogStore, type BoardDialog } from '../../stores/dialogStore';
import { useViewStore, type ViewMode } from '../../stores/viewStore';
import { PresenceAvatars } from '../presence/PresenceAvatars';
import { useBoardContext, useBoardSnapshot, useConnection } from './BoardContext';
import { ConnectionBadge } from './ConnectionBadge';
import { PanelToggle } from './SidePanel';
import { StatusControl } from './StatusControl';
import { useUndoRedo } from './useUndoRedo';

const MODES: ReadonlyArray<{ mode: ViewMode; label: string }> = [
  { mode: 'timeline', label: 'Timeline' },
  { mode: 'list', label: 'List' },
  { mode: 'factors', label: 'Factors' },
];

const DIALOG_LABEL: Record<BoardDialog, string> = { links: 'Links', import: 'Import', report: 'Report' };

/** The dialogs this person may open from the header, in order. */
function useDialogs(): BoardDialog[] {
  const { role, canEdit } = useBoardContext();
  return [...(role === 'facilitator' ? (['links'] as const) : []), ...(canEdit ? (['import'] as const) : []), 'report'];
}

function ViewSwitch() {
  const mode = useViewStore((s) => s.mode);
  const setMode = useViewStore((s) => s.setMode);
  return (
    <div className="button-group" role="group" aria-label="View">
      {MODES.map((m) => (
        <button key={m.mode} type="button" aria-pressed={mode === m.mode} onClick={() => setMode(m.mode)}>
          {m.label}
        </button>
      ))}
    </div>
  );
}

/**
 * The board's title and tools. On a wide screen everything is in view; on a laptop, and
 * beside a video call, it is one compact row: title, connection, people, view, side panel,
 * and a "More" menu with the rest.
 */
export function BoardHeader() {
  const compact = useCompactBoard();
  const undo = useUndoRedo();
  return compact ? <CompactHeader undo={undo} /> : <WideHeader undo={undo} />;
}

type Undo = ReturnType<typeof useUndoRedo>;

function Title({ brand = true }: { brand?: boolean }) {
  const { role } = useBoardContext();
  const board = useBoardSnapshot();
  return (
    <div className="board-title">
      {brand && (
        <a href="/" className="brand" aria-label="Retrace home">
          Retrace
        </a>
      )}
      <h1 title={board.meta.title}>{board.meta.title}</h1>
      {role === 'viewer' && <span className="role-badge">View only</span>}
      {role === 'facilitator' && <span className="role-badge">Facilitator</span>}
    </div>
  );
}

function WideHeader({ undo }: { undo: Undo }) {
  const { canEdit } = useBoardContext();
  const mode = useViewStore((s) => s.mode);
  const zoom = useViewStore((s) => s.zoom);
  const requestFit = useViewStore((s) => s.requestFit);
  const show = useDialogStore((s) => s.show);
  const dialogs = useDialogs();
  return (
    <header className="board-header">
      <Title />
      <StatusControl />
      <div className="board-tools">
        <ConnectionBadge />
        {dialogs.map((dialog) => (
          <button key={dialog} type="button" onClick={() => show(dialog)}>
            {DIALOG_LABEL[dialog]}
          </button>
        ))}
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
        <ViewSwitch />
        {mode === 'timeline' && (
          <div className="button-group" role="group" aria-label="Zoom">
            <button type="button" onClick={() => zoom(1 / 1.5)} aria-label="Zoom out">
              −
            </button>
            <button type="button" onClick={requestFit} title="Fit the incident to the width">
              Fit
            </button>
            <button type="button" onClick={() => zoom(1.5)} aria-label="Zoom in">
              +
            </button>
          </div>
        )}
        <PanelToggle />
      </div>
    </header>
  );
}

function CompactHeader({ undo }: { undo: Undo }) {
  const { canEdit, role, session, token } = useBoardContext();
  const { boardStatus } = useConnection();
  const mode = useViewStore((s) => s.mode);
  const zoom = useViewStore((s) => s.zoom);
  const requestFit = useViewStore((s) => s.requestFit);
  const show = useDialogStore((s) => s.show);
  const dialogs = useDialogs();
  const [statusError, setStatusError] = useState<string | null>(null);
  return (
    <header className="board-header compact">
      <Title brand={false} />
      <div className="board-tools">
        <ConnectionBadge />
        <PresenceAvatars limit={3} />
        <ViewSwitch />
        <PanelToggle />
        <MenuButton label="More board tools" content="More ▾" menuLabel="Board tools">
          <MenuItem onSelect={() => window.location.assign('/')}>Retrace home</MenuItem>
          <MenuSeparator />
          {dialogs.map((dialog) => (
            <MenuItem key={dialog} onSelect={() => show(dialog)}>
              {dialog === 'links' ? 'Share links…' : dialog === 'import' ? 'Import a timeline…' : 'Report…'}
            </MenuItem>
          ))}
          {canEdit && (
            <>
              <MenuSeparator />
              <MenuItem onSelect={() => undo.undo()} keepOpen disabled={!undo.canUndo}>
                Undo your last change
              </MenuItem>
              <MenuItem onSelect={() => undo.redo()} keepOpen disabled={!undo.canRedo}>
                Redo
              </MenuItem>
            </>
          )}
          {mode === 'timeline' && (
            <>
              <MenuSeparator />
              <MenuItem onSelect={requestFit}>Fit the incident to the width</MenuItem>
              <MenuItem onSelect={() => zoom(1.5)} keepOpen>
                Zoom in
              </MenuItem>
              <MenuItem onSelect={() => zoom(1 / 1.5)} keepOpen>
                Zoom out
              </MenuItem>
            </>
          )}
          {role === 'facilitator' && (
            <>
              <MenuSeparator />
              <MenuGroup label="Review status">
                {BOARD_STATUSES.map((status) => (
                  <MenuItem
                    key={status}
                    kind="radio"
                    checked={boardStatus === status}
                    onSelect={() => {
                      setStatusError(null);
                      setBoardStatus(session.boardId, token, status).catch((caught: Error) =>
                        setStatusError(caught.message),
                      );
                    }}
                  >
                    {BOARD_STATUS_LABEL[status]}
                  </MenuItem>
                ))}
              </MenuGroup>
            </>
          )}
        </MenuButton>
        {statusError && (
          <p className="error" role="alert">
            {statusError}
          </p>
        )}
      </div>
    </header>
  );
}
