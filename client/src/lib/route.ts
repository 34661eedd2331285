/**
 * The client's places: the home page, the workspace library (`/library`) and a board
 * (`/b/<boardId>#t=<token>`). The token lives in the URL fragment, which browsers never
 * send to the server.
 */
export type Route =
  | { readonly page: 'home' }
  | { readonly page: 'library' }
  | { readonly page: 'board'; readonly boardId: string; readonly token: string | null };

export function parseRoute(pathname: string, hash: string): Route {
  if (/^\/library\/?$/.test(pathname)) return { page: 'library' };
  const match = /^\/b\/([0-9A-Za-z_-]{1,64})\/?$/.exec(pathname);
  if (!match) return { page: 'home' };
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  return { page: 'board', boardId: match[1]!, token: params.get('t') };
}

export function boardLink(origin: string, boardId: string, token: string): string {
  return `${origin}/b/${encodeURIComponent(boardId)}#t=${encodeURIComponent(token)}`;
}
