import { SQLite } from '@hocuspocus/extension-sqlite';
import { Server } from '@hocuspocus/server';

/**
 * The Hocuspocus peer for `pnpm bench`: @hocuspocus/server with its SQLite extension, as
 * its documentation sets it up (defaults: the document is stored 2 s after a change, at
 * most 10 s after the first). Loopback only; PORT and DATABASE_FILE from the environment.
 */
const server = new Server({
  port: Number(process.env['PORT']),
  address: '127.0.0.1',
  quiet: true,
  extensions: [new SQLite({ database: process.env['DATABASE_FILE'] ?? ':memory:' })],
});
await server.listen();
console.log('hocuspocus listening');
