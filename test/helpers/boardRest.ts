/**
 * REST calls on one board as the Retrace client makes them: the link in the Authorization
 * header, the browser's secret in `x-retrace-writer`. A string body is sent as it is (to
 * send malformed JSON); anything else as JSON.
 */
export function boardRest<Answer>(httpUrl: string, boardId: string) {
  return async (method: string, path: string, token: string, body?: unknown, writer?: string) => {
    const response = await fetch(`${httpUrl}/api/boards/${boardId}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(writer ? { 'x-retrace-writer': writer } : {}),
      },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as Answer };
  };
}
