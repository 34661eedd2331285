import { CloseCode, CONTROL_ROOM_SUFFIX, ID_PATTERN } from '@retrace/shared';
import type { IncomingMessage, Server } from 'node:http';
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { checkBoardAccess } from '../auth/BoardAccess';
import { ensureControlDoc } from '../boards/controlDocs';
import { bearerToken } from '../auth/tokens';
import { WRITER_PARAM, connectionSeat, isWriterSecret, seatFor } from '../auth/seats';
import { clientAddress } from '../http/clientAddress';
import type { Logger } from '../logger';
import type { BoardStorage } from '../storage/BoardStorage';
import type { Limits } from '../config';
import { Connection } from './Connection';
import type { RoomRegistry } from './RoomRegistry';

export interface SyncEndpointDeps {
  readonly storage: BoardStorage;
  readonly registry: RoomRegistry;
  readonly log: Logger;
  readonly maxPayloadBytes: number;
  readonly limits: Limits;
  readonly trustedProxies: ReadonlySet<string>;
  readonly isShuttingDown: () => boolean;
  readonly now: () => number;
  /** Called for every new connection (metrics). */
  readonly onConnection?: (connection: Connection) => void;
}

export interface SyncEndpoint {
  /** Stops the heartbeat and drops every socket (shutdown, after rooms closed theirs). */
  stop(): void;
}

const SYNC_PATH = /^\/sync\/([^/?#]+)$/;

/** Answers an upgrade request with a plain HTTP error; no WebSocket is ever opened. */
function refuse(socket: Duplex, status: number, error: string): void {
  const body = JSON.stringify({ error });
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\n` +
      'Connection: close\r\nContent-Type: application/json\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

/**
 * `/sync/<boardId>?token=…`: the y-websocket endpoint. The token is checked at the HTTP
 * upgrade, so a wrong token gets 401 and an unknown board 404 before any WebSocket opens.
 *
 * Limits per address: at most `connectionsPerAddress` in all, and at most
 * `connectionsPerAddressPerBoard` on one board, which is below the board's own cap so that
 * one address (a script with a view-only link) cannot fill a board and lock the real
 * participants out. A heartbeat pings every socket; one that did not answer the previous
 * ping is dropped, so vanished clients free their places within two intervals.
 */
export function attachSyncEndpoint(server: Server, deps: SyncEndpointDeps): SyncEndpoint {
  const wss = new WebSocketServer({ noServer: true, maxPayload: deps.maxPayloadBytes, perMessageDeflate: false });
  const perAddress = new Map<string, number>();
  const connections = new Set<Connection>();

  const heartbeat = setInterval(() => {
    for (const connection of connections) {
      if (!connection.alive) {
        deps.log.info({ conn: connection.id }, 'no answer to the heartbeat; dropped');
        connection.terminate();
        continue;
      }
      connection.alive = false;
      try {
        connection.ws.ping();
      } catch {
        connection.terminate();
      }
    }
  }, deps.limits.heartbeatMs);
  heartbeat.unref();

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', (error) => deps.log.debug({ err: error.message }, 'upgrade socket error'));
    void handleUpgrade(req, socket, head).catch((error: unknown) => {
      deps.log.error({ err: (error as Error).message }, 'upgrade failed');
      if (!socket.destroyed) refuse(socket, 500, 'internal error');
    });
  });

  async function handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const match = SYNC_PATH.exec(url.pathname);
    const room = match ? decodeURIComponent(match[1]!) : null;
    // `<boardId>.control` is the board's facilitation document, reached with the board's links.
    const isControl = room?.endsWith(CONTROL_ROOM_SUFFIX) ?? false;
    const boardId = room && isControl ? room.slice(0, -CONTROL_ROOM_SUFFIX.length) : room;
    if (!boardId || !ID_PATTERN.test(boardId)) return refuse(socket, 404, 'board not found');
    if (deps.isShuttingDown()) return refuse(socket, 503, 'server restarting');
    const address = clientAddress(req, deps.trustedProxies);
    if ((perAddress.get(address) ?? 0) >= deps.limits.connectionsPerAddress) {
      return refuse(socket, 429, 'too many connections from this address');
    }
    const token = url.searchParams.get('token') ?? bearerToken(req);
    const access = await checkBoardAccess(deps.storage, boardId, token);
    if (!access.ok) return refuse(socket, access.status, access.error);
    const roomId = isControl ? await ensureControlDoc(deps.storage, boardId, deps.now) : boardId;
    if (socket.destroyed) return;
    const secret = url.searchParams.get(WRITER_PARAM);
    const seat = isWriterSecret(secret)
      ? seatFor(boardId, access.tokenHash, access.role, secret)
      : connectionSeat(access.role);
    // A participant's seat is recorded once they connect to the board: drafts and dots need
    // it. Recording never holds up the connection (storage may be down; the board still works).
    if (!isControl && access.role !== 'viewer' && isWriterSecret(secret))
      deps.storage.recordSeat(boardId, seat.id, access.role, deps.now()).catch((error: unknown) => {
        deps.log.warn({ board: boardId, err: (error as Error).message }, 'seat not recorded');
      });

    wss.handleUpgrade(req, socket, head, (ws) => {
      const connection = new Connection(
        ws,
        { role: access.role, actor: access.actor, tokenHash: access.tokenHash, address, seat },
        deps.log,
        { ...deps.limits, maxPayloadBytes: deps.maxPayloadBytes },
      );
      perAddress.set(address, (perAddress.get(address) ?? 0) + 1);
      connections.add(connection);
      connection.onClose(() => {
        connections.delete(connection);
        const left = (perAddress.get(address) ?? 1) - 1;
        if (left > 0) perAddress.set(address, left);
        else perAddress.delete(address);
      });
      deps.onConnection?.(connection);
      deps.log.debug({ board: roomId, conn: connection.id, role: access.role }, 'connected');
      void deps.registry
        .acquire(roomId)
        .then((room) => {
          // Accepted, then closed with a code the client can read (a refused upgrade has none).
          if (room.connectionCount >= deps.limits.connectionsPerBoard) connection.close(CloseCode.BoardAtCapacity);
          else if (room.connectionsFrom(address) >= deps.limits.connectionsPerAddressPerBoard)
            connection.close(CloseCode.AddressAtCapacity);
          else room.add(connection);
        })
        .catch((error: unknown) => {
          deps.log.error({ board: roomId, err: (error as Error).message }, 'could not open board');
          connection.close(CloseCode.BoardLoadFailed);
        });
    });
  }

  return {
    stop() {
      clearInterval(heartbeat);
      for (const client of wss.clients) client.terminate();
    },
  };
}
