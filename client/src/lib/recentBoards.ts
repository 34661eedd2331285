/** Boards this browser has created or opened, kept locally (tokens never leave the browser). */
export interface RecentBoard {
  readonly id: string;
  readonly title: string;
  readonly token: string;
  readonly role: string;
  readonly openedAt: number;
  /** Other roles' tokens this browser knows (it created the board, or replaced a link). */
  readonly tokens?: Readonly<Record<string, string>>;
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

/** Records that this browser opened a board (now, unless `openedAt` is given). */
export function rememberBoard(
  board: Omit<RecentBoard, 'openedAt'> & { openedAt?: number },
  storage: Pick<Storage, 'getItem' | 'setItem'> = localStorage,
): void {
  const previous = loadRecentBoards(storage).find((b) => b.id === board.id);
  const tokens = { ...previous?.tokens, ...board.tokens };
  const entry: RecentBoard = {
    ...board,
    openedAt: board.openedAt ?? Date.now(),
    ...(Object.keys(tokens).length > 0 ? { tokens } : {}),
  };
  const others = loadRecentBoards(storage).filter((b) => b.id !== board.id);
  storage.setItem(KEY, JSON.stringify([entry, ...others].slice(0, 30)));
}
