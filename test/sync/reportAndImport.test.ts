import { ActionField, MetaField, boardRoots, createAction, createCard, createLane, readBoard } from '@retrace/shared';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createBoard } from '../helpers/api';
import { useServers } from '../helpers/fixtures';
import { REPO_ROOT } from '../helpers/serverProcess';
import { connectClient } from '../helpers/syncClient';
import { waitFor } from '../helpers/waitFor';

describe('report export over HTTP and the CLI, JSON import', () => {
  const { start, track } = useServers();

  it('serves Markdown, printable HTML and JSON to any board token, and the record of changes as its own file', async () => {
    const server = await start();
    const board = await createBoard(server.httpUrl, { title: 'Report me', timeZone: 'Europe/Berlin' });
    const editor = track(connectClient(server.wsUrl, board.id, board.tokens.editor));
    await editor.whenSynced();
    const lane = createLane(editor.doc, { name: 'Ops' });
    createCard(editor.doc, {
      text: '<img src=x onerror=alert(1)> restarted',
      laneId: lane,
      occurredAt: Date.UTC(2024, 4, 1, 12, 32),
    });
    const get = (format: string, token?: string, query = '') =>
      fetch(
        `${server.httpUrl}/api/boards/${board.id}/report.${format}${query}`,
        token ? { headers: { authorization: `Bearer ${token}` } } : {},
      );
    await waitFor(
      async () => (await (await get('md', board.tokens.viewer)).text()).includes('restarted'),
      'the edit in the report',
    );

    expect((await get('md')).status).toBe(401);
    expect((await get('pdf', board.tokens.viewer)).status).toBe(404);
    const md = await get('md', board.tokens.viewer);
    expect(md.headers.get('content-type')).toMatch(/text\/markdown/);
    const markdown = await md.text();
    expect(markdown).toMatch(/^# Report me/);
    expect(markdown).toContain('2024-05-01 14:32');
    // A link back to the board as the reader reached the server (never with a token).
    expect(markdown).toContain(`[Open the board](${server.httpUrl}/b/${board.id})`);
    expect(markdown).toContain(`[record of changes](${server.httpUrl}/api/boards/${board.id}/report.changes.md)`);
    expect(markdown).not.toContain(board.tokens.viewer);
    const changes = await (await get('changes.md', board.tokens.viewer)).text();
    expect(changes).toMatch(/^# Record of changes: Report me/);
    expect(changes).toMatch(/editor:[0-9a-f]{8} · added card/);

    const html = await get('html', board.tokens.editor, '?download');
    expect(html.headers.get('content-security-policy')).toBe(
      "default-src 'none'; style-src 'unsafe-inline'; img-src data:",
    );
    expect(html.headers.get('content-disposition')).toBe('attachment; filename="Report-me.html"');
    const page = await html.text();
    expect(page).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(page).not.toContain('<img');

    const json = (await (await get('json', board.tokens.facilitator)).json()) as {
      format: string;
      board: { cards: unknown[] };
    };
    expect(json.format).toBe('retrace-board');
    expect(json.board.cards).toHaveLength(1);
  });

  it('answers every report format for a board holding values a hostile client wrote, and its export re-imports', async () => {
    const server = await start();
    const board = await createBoard(server.httpUrl, { title: 'Hostile values', timeZone: 'Europe/Berlin' });
    const editor = track(connectClient(server.wsUrl, board.id, board.tokens.editor));
    await editor.whenSynced();
    const lane = createLane(editor.doc, { name: 'Ops' });
    createCard(editor.doc, { text: 'x', laneId: lane, occurredAt: Date.UTC(2024, 4, 1, 12, 32) });
    const action = createAction(editor.doc, { title: 'Fix it' });
    // Past the operations' validation, as a modified client could write them.
    editor.doc.transact(() => {
      boardRoots(editor.doc).meta.set(MetaField.timeZone, 'Not/AZone');
      boardRoots(editor.doc).actions.get(action)!.set(ActionField.dueDate, '<img src=x onerror=alert(1)>');
      boardRoots(editor.doc).actions.get(action)!.set(ActionField.trackerUrl, 'javascript:alert(1)');
    });
    const get = (format: string) =>
      fetch(`${server.httpUrl}/api/boards/${board.id}/report.${format}`, {
        headers: { authorization: `Bearer ${board.tokens.viewer}` },
      });
    await waitFor(async () => (await (await get('md')).text()).includes('Not/AZone'), 'the hostile zone stored');
    for (const format of ['md', 'html', 'json', 'changes.md']) expect((await get(format)).status).toBe(200);
    expect(await (await get('html')).text()).not.toMatch(/<img|javascript:/);
    const exported = await (await get('json')).json();
    const imported = await fetch(`${server.httpUrl}/api/boards/import`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(exported),
    });
    expect(imported.status).toBe(201);
  });

  it('imports a JSON export as an equivalent new board, and refuses invalid files', async () => {
    const server = await start();
    const source = await createBoard(server.httpUrl, { title: 'Original' });
    const client = track(connectClient(server.wsUrl, source.id, source.tokens.editor));
    await client.whenSynced();
    createCard(client.doc, { text: 'kept', laneId: readBoard(client.doc).lanes[0]!.id, occurredAt: null });
    await waitFor(async () => {
      const r = await fetch(`${server.httpUrl}/api/boards/${source.id}/report.json`, {
        headers: { authorization: `Bearer ${source.tokens.viewer}` },
      });
      return ((await r.json()) as { board: { cards: unknown[] } }).board.cards.length === 1;
    }, 'card to be stored');
    const exported = await (
      await fetch(`${server.httpUrl}/api/boards/${source.id}/report.json`, {
        headers: { authorization: `Bearer ${source.tokens.viewer}` },
      })
    ).json();

    const imported = await fetch(`${server.httpUrl}/api/boards/import`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(exported),
    });
    expect(imported.status).toBe(201);
    const copy = (await imported.json()) as { id: string; tokens: { viewer: string } };
    expect(copy.id).not.toBe(source.id);
    const again = (await (
      await fetch(`${server.httpUrl}/api/boards/${copy.id}/report.json`, {
        headers: { authorization: `Bearer ${copy.tokens.viewer}` },
      })
    ).json()) as {
      board: unknown;
    };
    expect(again.board).toEqual((exported as { board: unknown }).board);

    const invalid = await fetch(`${server.httpUrl}/api/boards/import`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ format: 'retrace-board', schemaVersion: 1, board: { meta: {} } }),
    });
    expect(invalid.status).toBe(400);
    expect(((await invalid.json()) as { error: string }).error).toMatch(/not a valid Retrace board export/);
  });

  it('exports from the command line, reading the data directory', async () => {
    const server = await start();
    const board = await createBoard(server.httpUrl, { title: 'From the CLI' });
    await server.stop('SIGTERM');
    const cli = (...args: string[]) =>
      spawnSync(process.execPath, [path.join(REPO_ROOT, 'server/dist/cli.js'), ...args], {
        env: { ...process.env, RETRACE_DATA_DIR: server.dataDir },
        encoding: 'utf8',
      });
    const md = cli('export', board.id, '--format', 'md');
    expect(md.status).toBe(0);
    expect(md.stdout).toMatch(/^# From the CLI/);
    const html = cli('export', board.id, '--format', 'html');
    expect(html.stdout).toMatch(/^<!doctype html>/);
    expect(cli('export', 'nosuchboard1234').status).toBe(1);
    expect(cli('export', board.id, '--format', 'pdf').status).toBe(2);
    expect(cli('frobnicate').status).toBe(2);
  });
});
