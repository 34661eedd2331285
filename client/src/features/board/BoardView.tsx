import { useViewStore } from '../../stores/viewStore';
import { ListView } from '../list/ListView';
import { MoveToDialog } from '../timeline/MoveToDialog';
import { QuickAdd } from '../timeline/QuickAdd';
import { TimelineView } from '../timeline/TimelineView';
import { useBoardContext } from './BoardContext';
import { BoardHeader } from './BoardHeader';

export function BoardView() {
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
