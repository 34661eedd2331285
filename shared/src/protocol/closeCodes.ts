/**
 * WebSocket close codes the sync server uses. The 4xxx range is the application's own;
 * codes mirror HTTP statuses where one fits so that logs read naturally.
 * `retry: false` tells the client that reconnecting cannot help.
 */
export const CloseCode = {
  ServerShutdown: { code: 4000, reason: 'server restarting', retry: true },
  MalformedMessage: { code: 4400, reason: 'malformed message', retry: true },
  Unauthorized: { code: 4401, reason: 'unauthorized', retry: false },
  TokenRevoked: { code: 4403, reason: 'link revoked', retry: false },
  BoardNotFound: { code: 4404, reason: 'board not found', retry: false },
  MessageTooLarge: { code: 4413, reason: 'message too large', retry: true },
  RateLimited: { code: 4429, reason: 'too many messages', retry: true },
  BoardLoadFailed: { code: 4500, reason: 'board could not be loaded', retry: true },
} as const;

export type CloseCodeName = keyof typeof CloseCode;

export function closeCodeName(code: number): CloseCodeName | undefined {
  return (Object.keys(CloseCode) as CloseCodeName[]).find((name) => CloseCode[name].code === code);
}
