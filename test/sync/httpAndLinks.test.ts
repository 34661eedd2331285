import { CloseCode } from '@retrace/shared';
import { describe, expect, it } from 'vitest';
import { createBoard } from '../helpers/api';
import { openRaw, waitForClose } from '../helpers/rawSocket';
import { connectClient } from '../helpers/syncClient';
import { useServers } from '../helpers/fixtures';
import { sleep, waitFor } from '../helpers/waitFor';

describe('REST hardening, link rotation, observability', () => {
  const { start, track } = useServers();

  it('sends security headers with a content security policy', async () => {
    const server = await start();
    const page = await fetch(`${server.httpUrl}/`);
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    expect(page.headers.get('x-powered-by')).toBeNull();
  });

  it('limits request size and request rate', async () => {
    const server = await start({ RETRACE_API_REQUESTS_PER_MINUTE: '20' });
    const big = await fetch(`${server.httpUrl}/api/boards`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'x'.repeat(200_000) }),
    });
    expect(big.status).toBe(413);
    const statuses: number[] = [];
    for (let i = 0; i < 25; i++) statuses.push((await fetch(`${server.httpUrl}/api/boards/nosuchboard123`)).status);
    expect(statuses).toContain(429);
    const limited = await fetch(`${server.httpUrl}/api/boards/nosuchboard123`);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('never writes a token to its logs, even at debug level and on failures', async () => {
    const server = await start({ LOG_LEVEL: 'debug' });
    const board = await createBoard(server.httpUrl);
    const client = track(connectClient(server.wsUrl, board.id, board.tokens.editor));
    await client.whenSynced();
    await openRaw(`${server.wsUrl}/${board.id}?token=${board.tokens.viewer}x`);
    await fetch(`${server.httpUrl}/api/boards/${board.id}`, {
      headers: { authorization: `Bearer ${board.tokens.facilitator}` },
    });
    await fetch(`${server.httpUrl}/api/boards/${board.id}/links/editor/rotate`, {
      method: 'POST',
      headers: { authorization: `Bearer ${board.tokens.facilitator}` },
    });
    await sleep(300);
    const output = server.output();
    expect(output).toContain('link rotated');
    for (const token of Object.values(board.tokens)) expect(output).not.toContain(token);
  });

  it('lets only the facilitator replace a link; its users are closed with 4403 and stop retrying', async () => {
    const server = await start();
    const board = await createBoard(server.httpUrl);
    const rotate = (role: string, token: string) =>
      fetch(`${server.httpUrl}/api/boards/${board.id}/links/${role}/rotate`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
      });
    expect((await rotate('viewer', board.tokens.editor)).status).toBe(403);
    expect((await rotate('viewer', 'wrong-token-wrong-token')).status).toBe(401);
    expect((await rotate('owner', board.tokens.facilitator)).status).toBe(404);

    const editor = track(connectClient(server.wsUrl, board.id, board.tokens.editor));
    const viewer = track(connectClient(server.wsUrl, board.id, board.tokens.viewer));
    await Promise.all([editor.whenSynced(), viewer.whenSynced()]);
    const closes: number[] = [];
    editor.provider.on('connection-close', (event: { code: number } | null) => event && closes.push(event.code));

    const response = await rotate('editor', board.tokens.facilitator);
    expect(response.status).toBe(200);
    const { token } = (await response.json()) as { token: string };
    await waitFor(() => closes.includes(CloseCode.TokenRevoked.code), 'the editor to be closed with 4403');
    await sleep(500);
    expect(editor.provider.wsconnected).toBe(false); // does not reconnect
    expect(viewer.provider.wsconnected).toBe(true); // other links untouched
    expect((await openRaw(`${server.wsUrl}/${board.id}?token=${board.tokens.editor}`)).outcome.status).toBe(401);
    const fresh = track(connectClient(server.wsUrl, board.id, token));
    await fresh.whenSynced();
  });

  it('exposes Prometheus metrics, optionally behind a token', async () => {
    const server = await start({ RETRACE_METRICS_TOKEN: 'metrics-secret-0123456789' });
    expect((await fetch(`${server.httpUrl}/metrics`)).status).toBe(401);
    const board = await createBoard(server.httpUrl);
    const client = track(connectClient(server.wsUrl, board.id, board.tokens.editor));
    await client.whenSynced();
    client.doc.getText('note:wentWell').insert(0, 'hello');
    const { ws } = await openRaw(`${server.wsUrl}/${board.id}?token=${board.tokens.editor}`);
    ws.send(new Uint8Array([99]));
    await waitForClose(ws);
    await sleep(200);
    const text = await (
      await fetch(`${server.httpUrl}/metrics`, { headers: { authorization: 'Bearer metrics-secret-0123456789' } })
    ).text();
    expect(text).toMatch(/^retrace_connections 1$/m);
    expect(text).toMatch(/^retrace_boards_open 1$/m);
    expect(text).toMatch(/^retrace_updates_received_total [1-9]/m);
    expect(text).toMatch(/retrace_storage_write_seconds_count [1-9]/);
    expect(text).toMatch(/retrace_connection_closes_total\{code="4400",name="MalformedMessage"\} 1/);
    expect(text).toContain('retrace_storage_write_errors_total 0');
  });
});
