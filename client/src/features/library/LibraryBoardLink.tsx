import { useState, type ReactNode } from 'react';
import { openBoardFromLibrary } from './libraryApi';

/**
 * A board in the library: following it mints a view-only link for this visit and opens the
 * board with it (the admin session never becomes part of a board URL).
 */
export function LibraryBoardLink({ boardId, children }: { boardId: string; children: ReactNode }) {
  const [error, setError] = useState<string | null>(null);
  return (
    <>
      <a
        href={`/b/${encodeURIComponent(boardId)}`}
        onClick={(event) => {
          event.preventDefault();
          openBoardFromLibrary(boardId).catch((caught: Error) => setError(caught.message));
        }}
      >
        {children}
      </a>
      {error && <span className="error"> {error}</span>}
    </>
  );
}
