import { useMemo } from 'react';
import { useViewStore } from '../../stores/viewStore';
import { ListView } from '../list/ListView';
import { MoveToDialog } from '../timeline/MoveToDialog';
import { QuickAdd } from '../timeline/QuickAdd';
import { TimelineView } from '../timeline/TimelineView';
import { BoardContextProvider, useBoardContext, useConnection } from './BoardContext';
import { BoardHeader } from './BoardHeader';

/** Once the server has closed this link for good, the board stays readable but not editable. */
export function BoardView() {
  const context = useBoardContext();
  const closed = useConnection().status === 'closed';
  const value = useMemo(() => (closed ? { ...context, canEdit: false } : context), [closed, context]);
  return (
    <BoardContextProvider value={value}>
      <BoardLayout />
    </BoardContextProvider>
  );
}

function BoardLayout() {
  const { canEdit } = useBoardContext();
  const mode = useViewStore((s) => s.mode);
  return (
    <div className="board">
      <BoardHeader />
      {canEdit ? (
        <QuickAdd />
      ) : (
        <p className="viewer-note">You are viewing this board. Changes by the team appear here as they happen.</p>
      )}
      <main className="board-main" aria-label={mode === 'timeline' ? 'Timeline' : 'Timeline as a list'}>
        {mode === 'timeline' ? <TimelineView /> : <ListView />}
      </main>
      {canEdit && <MoveToDialog />}
    </div>
  );
}
