/** Boards this browser has created or opened, kept locally (tokens never leave the browser). */
export interface RecentBoard {
  readonly id: string;
  readonly title: string;
  readonly token: string;
  readonly role: string;
  readonly openedAt: number;
}

const KEY = 'retrace.recentBoards';

export function loadRecentBoards(storage: Pick<Storage, 'getItem'> = localStorage): RecentBoard[] {
  try {
    const parsed = JSON.parse(storage.getItem(KEY) ?? '[]') as unknown;
    return Array.isArray(parsed) ? (parsed as RecentBoard[]).filter((b) => typeof b?.id === 'string') : [];
  } catch {
    return [];
  }
}

export function rememberBoard(board: RecentBoard, storage: Pick<Storage, 'getItem' | 'setItem'> = localStorage): void {
  const others = loadRecentBoards(storage).filter((b) => b.id !== board.id);
  storage.setItem(KEY, JSON.stringify([board, ...others].slice(0, 30)));
}
