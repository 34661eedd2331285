import { createHash, randomBytes } from 'node:crypto';
import { WRITER_SECRET_PATTERN, type Role, type Seat } from '@retrace/shared';

/** The header (REST) and query parameter (sync) that carry a browser's own secret. */
export const WRITER_HEADER = 'x-retrace-writer';
export const WRITER_PARAM = 'writer';

export function isWriterSecret(value: string | null | undefined): value is string {
  return typeof value === 'string' && WRITER_SECRET_PATTERN.test(value);
}

/**
 * A participant's seat on a board: derived from the browser's secret and the link it came
 * with (its token's hash), so the id cannot be chosen, guessed from presence, or carried
 * from one link to another. The secret itself is never stored.
 */
export function seatFor(boardId: string, tokenHash: string, role: Role, secret: string): Seat {
  const id = createHash('sha256').update(`retrace-seat\0${boardId}\0${tokenHash}\0${secret}`, 'utf8').digest('hex');
  return { id: id.slice(0, 32), role };
}

/** A connection that brought no secret (a stock provider) still gets a seat of its own, for that connection only. */
export function connectionSeat(role: Role): Seat {
  return { id: `c-${randomBytes(12).toString('hex')}`, role };
}
