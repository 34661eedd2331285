import { useEffect, useState } from 'react';
import { useBoardContext } from './BoardContext';

/** Undo/redo of this person's own changes (Y.UndoManager tracks only the local origin). */
export function useUndoRedo() {
  const { session } = useBoardContext();
  const manager = session.undoManager;
  const [, setVersion] = useState(0);
  useEffect(() => {
    const bump = () => setVersion((v) => v + 1);
    manager.on('stack-item-added', bump);
    manager.on('stack-item-popped', bump);
    manager.on('stack-cleared', bump);
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      if (target?.closest('input, textarea, select, [contenteditable="true"]')) return;
      if (!(event.ctrlKey || event.metaKey) || (event.key.toLowerCase() !== 'z' && event.key.toLowerCase() !== 'y'))
        return;
      event.preventDefault();
      if (event.key.toLowerCase() === 'y' || event.shiftKey) manager.redo();
      else manager.undo();
    };
    window.addEventListener('keydown', onKey);
    return () => {
      manager.off('stack-item-added', bump);
      manager.off('stack-item-popped', bump);
      manager.off('stack-cleared', bump);
      window.removeEventListener('keydown', onKey);
    };
  }, [manager]);
  return {
    canUndo: manager.canUndo(),
    canRedo: manager.canRedo(),
    undo: () => manager.undo(),
    redo: () => manager.redo(),
  };
}
