import { randomBytes } from 'node:crypto';
import net from 'node:net';

/**
 * A WebSocket client written on a bare TCP socket, for clients no library would be: one
 * that never answers pings, ignores the server's close frame and keeps sending, or stops
 * reading altogether. Frames it sends are masked binary frames, as RFC 6455 requires.
 */
export interface BareSocket {
  readonly socket: net.Socket;
  /** Close codes the server sent (the socket does not answer them). */
  readonly closeCodes: number[];
  /** Binary messages received. */
  readonly messages: Uint8Array[];
  /** Resolves when the TCP connection ends (the server dropped it). */
  readonly ended: Promise<void>;
  send(payload: Uint8Array): void;
  /** Sends several messages in one TCP write (so they arrive in one read on the server). */
  sendTogether(payloads: readonly Uint8Array[]): void;
  destroy(): void;
}

function frame(payload: Uint8Array): Buffer {
  const mask = randomBytes(4);
  const length = payload.byteLength;
  const header =
    length < 126
      ? Buffer.from([0x82, 0x80 | length])
      : length < 65_536
        ? Buffer.from([0x82, 0x80 | 126, length >> 8, length & 0xff])
        : (() => {
            const h = Buffer.alloc(10);
            h[0] = 0x82;
            h[1] = 0x80 | 127;
            h.writeBigUInt64BE(BigInt(length), 2);
            return h;
          })();
  const body = Buffer.alloc(length);
  for (let i = 0; i < length; i++) body[i] = payload[i]! ^ mask[i % 4]!;
  return Buffer.concat([header, mask, body]);
}

export function openBareSocket(url: string, options: { localAddress?: string } = {}): Promise<BareSocket> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = net.connect({
      host: target.hostname,
      port: Number(target.port),
      ...(options.localAddress ? { localAddress: options.localAddress } : {}),
    });
    const closeCodes: number[] = [];
    const messages: Uint8Array[] = [];
    let buffered = Buffer.alloc(0);
    let upgraded = false;
    const ended = new Promise<void>((done) => socket.on('close', () => done()));
    socket.on('error', () => undefined);
    socket.on('connect', () => {
      socket.write(
        `GET ${target.pathname}${target.search} HTTP/1.1\r\nHost: ${target.host}\r\nUpgrade: websocket\r\n` +
          `Connection: Upgrade\r\nSec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\n` +
          'Sec-WebSocket-Version: 13\r\n\r\n',
      );
    });
    socket.on('data', (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      if (!upgraded) {
        const end = buffered.indexOf('\r\n\r\n');
        if (end < 0) return;
        const head = buffered.subarray(0, end).toString('latin1');
        buffered = buffered.subarray(end + 4);
        if (!head.startsWith('HTTP/1.1 101')) {
          reject(new Error(`upgrade refused: ${head.split('\r\n')[0]}`));
          socket.destroy();
          return;
        }
        upgraded = true;
        resolve(bare);
      }
      // Server frames are unmasked: [fin|opcode][len][ext len][payload].
      while (buffered.byteLength >= 2) {
        const opcode = buffered[0]! & 0x0f;
        let length = buffered[1]! & 0x7f;
        let at = 2;
        if (length === 126) {
          if (buffered.byteLength < 4) return;
          length = buffered.readUInt16BE(2);
          at = 4;
        } else if (length === 127) {
          if (buffered.byteLength < 10) return;
          length = Number(buffered.readBigUInt64BE(2));
          at = 10;
        }
        if (buffered.byteLength < at + length) return;
        const payload = buffered.subarray(at, at + length);
        if (opcode === 8) closeCodes.push(payload.byteLength >= 2 ? payload.readUInt16BE(0) : 1005);
        else if (opcode === 2) messages.push(new Uint8Array(payload));
        buffered = buffered.subarray(at + length);
      }
    });
    const bare: BareSocket = {
      socket,
      closeCodes,
      messages,
      ended,
      send: (payload) => void socket.write(frame(payload)),
      sendTogether: (payloads) => void socket.write(Buffer.concat(payloads.map(frame))),
      destroy: () => socket.destroy(),
    };
  });
}
