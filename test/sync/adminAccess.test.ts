import { describe, expect, it } from 'vitest';
import { createBoard } from '../helpers/api';
import { useServers } from '../helpers/fixtures';
import { openRaw } from '../helpers/rawSocket';
import { connectClient } from '../helpers/syncClient';

const ADMIN = 'admin-key-for-tests-0123456789';

/** The admin's browser: cookies kept like a browser keeps them for this origin. */
function adminBrowser(httpUrl: string) {
  let cookie = '';
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${httpUrl}${path}`, {
      method,
      headers: {
        ...(cookie ? { cookie } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const set = response.headers.get('set-cookie');
    if (set) cookie = set.split(';')[0]!.endsWith('=') ? '' : set.split(';')[0]!;
    return { status: response.status, setCookie: set, body: (await response.json()) as Record<string, unknown> };
  };
  return { call, cookie: () => cookie };
}

describe('admin access without the key in URLs or browser storage', () => {
  const { start } = useServers();

  it('signs in once for an HttpOnly, SameSite=Strict session; the key is no longer a board link', async () => {
    const server = await start({ RETRACE_ADMIN_KEY: ADMIN });
    const board = await createBoard(server.httpUrl, { title: 'Checkout outage' });
    const browser = adminBrowser(server.httpUrl);

    expect((await browser.call('GET', '/api/library')).status).toBe(401);
    expect((await browser.call('POST', '/api/admin/session', { key: 'not-the-admin-key-000' })).status).toBe(403);
    const signedIn = await browser.call('POST', '/api/admin/session', { key: ADMIN });
    expect(signedIn.status).toBe(200);
    expect(signedIn.setCookie).toMatch(
      /^retrace_admin=[A-Za-z0-9_-]{43}; Path=\/api; HttpOnly; SameSite=Strict; Max-Age=\d+$/,
    );
    expect(signedIn.setCookie).not.toContain(ADMIN);
    expect((await browser.call('GET', '/api/admin/session')).body).toEqual({ signedIn: true });
    expect((await browser.call('GET', '/api/library')).status).toBe(200);
    expect((await browser.call('GET', '/api/insights')).status).toBe(200);

    // The admin key opens no board: not over the socket, not over REST.
    expect((await openRaw(`${server.wsUrl}/${board.id}?token=${ADMIN}`)).outcome).toEqual({
      opened: false,
      status: 401,
    });
    expect(
      (await fetch(`${server.httpUrl}/api/boards/${board.id}`, { headers: { authorization: `Bearer ${ADMIN}` } }))
        .status,
    ).toBe(401);

    // Opening a board from the library mints a view-only link of that board.
    const minted = await browser.call('POST', `/api/library/boards/${board.id}/link`);
    expect(minted.status).toBe(200);
    const token = String(minted.body['token']);
    expect(token).not.toBe(ADMIN);
    const reader = connectClient(server.wsUrl, board.id, token);
    await reader.whenSynced();
    reader.destroy();
    const meta = await fetch(`${server.httpUrl}/api/boards/${board.id}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(((await meta.json()) as { role: string }).role).toBe('viewer');
    expect((await browser.call('POST', '/api/library/boards/nosuchboard000/link')).status).toBe(404);
    expect((await fetch(`${server.httpUrl}/api/library/boards/${board.id}/link`, { method: 'POST' })).status).toBe(401);

    // Signing out ends the session; the key set by RETRACE_ADMIN_KEY is replaced there, not here.
    expect((await browser.call('POST', '/api/admin/key')).status).toBe(409);
    await browser.call('DELETE', '/api/admin/session');
    expect((await browser.call('GET', '/api/library')).status).toBe(401);
  });

  it('replaces the admin key: the old key and every other session stop working at once', async () => {
    const server = await start();
    const key = /Workspace admin key \(shown only now[^)]*\): ([A-Za-z0-9_-]{40,})/.exec(server.output())![1]!;
    const laptop = adminBrowser(server.httpUrl);
    const other = adminBrowser(server.httpUrl);
    await laptop.call('POST', '/api/admin/session', { key });
    await other.call('POST', '/api/admin/session', { key });
    expect((await other.call('GET', '/api/library')).status).toBe(200);

    const replaced = await laptop.call('POST', '/api/admin/key');
    expect(replaced.status).toBe(200);
    const fresh = String(replaced.body['key']);
    expect(fresh).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    expect((await laptop.call('GET', '/api/library')).status).toBe(200); // the replacing browser keeps a session
    expect((await other.call('GET', '/api/library')).status).toBe(401);
    const bearer = (k: string) => fetch(`${server.httpUrl}/api/library`, { headers: { authorization: `Bearer ${k}` } });
    expect((await bearer(key)).status).toBe(403);
    expect((await bearer(fresh)).status).toBe(200);
  });
});
