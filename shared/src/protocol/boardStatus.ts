/** Where a review stands. Published boards are read-only for editors (the facilitator can reopen). */
export const BOARD_STATUSES = ['draft', 'in-review', 'published'] as const;
export type BoardStatus = (typeof BOARD_STATUSES)[number];

export function isBoardStatus(value: string): value is BoardStatus {
  return (BOARD_STATUSES as readonly string[]).includes(value);
}

export const BOARD_STATUS_LABEL: Record<BoardStatus, string> = {
  draft: 'Draft',
  'in-review': 'In review',
  published: 'Published',
};
