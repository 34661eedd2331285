/**
 * WebSocket close codes the sync server uses. Stock y-websocket clients (3.x) stop
 * reconnecting after any code in 4400–4499 and retry everything else, so a code sits in
 * that range exactly when retrying cannot help (`retry: false`). Codes echo HTTP statuses
 * where one fits, so logs read naturally.
 */
export const CloseCode = {
  ServerShutdown: { code: 4000, reason: 'server restarting', retry: true },
  ClientTooSlow: { code: 4008, reason: 'client too slow to keep up', retry: true },
  /** An update waited too long for changes the server does not have; reconnecting sends them. */
  ResyncNeeded: { code: 4010, reason: 'out of sync; reconnect to resync', retry: true },
  RateLimited: { code: 4029, reason: 'too many messages', retry: true },
  MalformedMessage: { code: 4400, reason: 'malformed message', retry: false },
  Unauthorized: { code: 4401, reason: 'unauthorized', retry: false },
  TokenRevoked: { code: 4403, reason: 'link revoked', retry: false },
  BoardNotFound: { code: 4404, reason: 'board not found', retry: false },
  BoardFull: { code: 4409, reason: 'board has reached its size limit', retry: false },
  MessageTooLarge: { code: 4413, reason: 'message too large', retry: false },
  UpdateRejected: { code: 4422, reason: 'update rejected', retry: false },
  /** Edits from a view-only link: the client must drop what it changed locally. */
  ViewOnly: { code: 4423, reason: 'edit refused: this link can only view the board', retry: false },
  /** Edits to a published board (read-only until the facilitator reopens it). */
  BoardPublished: { code: 4424, reason: 'edit refused: the board is published', retry: false },
  BoardLoadFailed: { code: 4500, reason: 'board could not be loaded', retry: true },
  /** The server discarded its in-memory copy of the board and reloads it from storage. */
  BoardReloading: { code: 4502, reason: 'board reloading', retry: true },
  BoardAtCapacity: { code: 4503, reason: 'board has too many connections', retry: true },
  AddressAtCapacity: { code: 4504, reason: 'too many connections to this board from one address', retry: true },
} as const;

export type CloseCodeName = keyof typeof CloseCode;

export function closeCodeName(code: number): CloseCodeName | undefined {
  return (Object.keys(CloseCode) as CloseCodeName[]).find((name) => CloseCode[name].code === code);
}
