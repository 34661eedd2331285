/** Why a board operation was refused. */
export const OperationErrorReason = {
  InvalidInput: 'invalid-input',
  NotFound: 'not-found',
  Deleted: 'deleted',
} as const;
export type OperationErrorReason = (typeof OperationErrorReason)[keyof typeof OperationErrorReason];

/** Thrown by `domain/` operations; the document is left unchanged when it is thrown. */
export class BoardOperationError extends Error {
  override readonly name = 'BoardOperationError';
  constructor(
    readonly reason: OperationErrorReason,
    message: string,
  ) {
    super(message);
  }
}
