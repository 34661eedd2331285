import { Suspense, lazy, useMemo, useState } from 'react';
import { useDialogStore } from '../../stores/dialogStore';
import { useViewStore } from '../../stores/viewStore';
import { ClusterView } from '../factors/ClusterView';
import { ListView } from '../list/ListView';
import { BoardDnd } from './BoardDnd';
import { SidePanel } from './SidePanel';
import { MoveToDialog } from '../timeline/MoveToDialog';
import { QuickAdd } from '../timeline/QuickAdd';
import { TimelineView } from '../timeline/TimelineView';
import { BoardContextProvider, useBoardContext, useConnection } from './BoardContext';
import { BoardHeader } from './BoardHeader';
import { FacilitationBar } from '../facilitation/FacilitationBar';
import { ReportDialog } from '../report/ReportDialog';
import { LinksDialog } from './LinksDialog';
import { LiveAnnouncer } from './LiveAnnouncer';

const MAIN_LABEL = {
  timeline: 'Timeline',
  list: 'Timeline as a list',
  factors: 'Systemic factors and their evidence',
} as const;

/** Once the server has closed this link for good, the board stays readable but not editable. */
export function BoardView() {
  const context = useBoardContext();
  const connection = useConnection();
  const closed = connection.status === 'closed' || connection.status === 'discarding' || connection.frozen;
  // A published board is read-only for editors (the server refuses their writes anyway).
  const publishedForMe = connection.boardStatus === 'published' && context.role !== 'facilitator';
  const value = useMemo(
    () => (closed || publishedForMe ? { ...context, canEdit: false } : context),
    [closed, publishedForMe, context],
  );
  return (
    <BoardContextProvider value={value}>
      <BoardLayout />
    </BoardContextProvider>
  );
}

function BoardLayout() {
  const { canEdit, role, token } = useBoardContext();
  const { boardStatus, frozen } = useConnection();
  const mode = useViewStore((s) => s.mode);
  return (
    <div className="board">
      {/* The URL's fragment holds the link's token: focus the board without navigating. */}
      <a
        className="skip-link"
        href="#board-main"
        onClick={(event) => {
          event.preventDefault();
          document.getElementById('board-main')?.focus();
        }}
      >
        Skip to the {mode === 'timeline' ? 'timeline' : mode === 'list' ? 'list' : 'factors'}
      </a>
      <LiveAnnouncer />
      <BoardHeader />
      <FacilitationBar />
      <ChangeNotice />
      {canEdit ? (
        <QuickAdd />
      ) : (
        <p className="viewer-note">
          {frozen
            ? 'This board has reached its size limit: it is read-only.'
            : boardStatus === 'published' && role !== 'viewer'
              ? 'This review is published: the board is read-only. The facilitator can reopen it.'
              : 'You are viewing this board. Changes by the team appear here as they happen.'}
        </p>
      )}
      <BoardDnd>
        <div className="board-body">
          <main className="board-main" id="board-main" tabIndex={-1} aria-label={MAIN_LABEL[mode]}>
            {mode === 'timeline' ? <TimelineView /> : mode === 'list' ? <ListView /> : <ClusterView />}
          </main>
          <SidePanel />
        </div>
      </BoardDnd>
      {canEdit && <MoveToDialog />}
      {role === 'facilitator' && <LinksDialog token={token} />}
      {canEdit && <ImportDialogWhenAsked />}
      <ReportDialog />
    </div>
  );
}

/** The import dialog and its parsers (Slack zips, pager logs…) load the first time someone opens it. */
const ImportDialog = lazy(() => import('../import/ImportDialog').then((module) => ({ default: module.ImportDialog })));

function ImportDialogWhenAsked() {
  const asked = useDialogStore((s) => s.open === 'import');
  const [loaded, setLoaded] = useState(false);
  if (asked && !loaded) setLoaded(true);
  if (!loaded) return null;
  return (
    <Suspense fallback={null}>
      <ImportDialog />
    </Suspense>
  );
}

/** Tells the person when the server refused their changes (and the board was reopened without them). */
function ChangeNotice() {
  const { session } = useBoardContext();
  const { notice } = useConnection();
  if (!notice) return null;
  return (
    <div className="change-notice" role="alert">
      <p>{notice}</p>
      <button type="button" onClick={() => session.dismissNotice()}>
        OK
      </button>
    </div>
  );
}
