import type { RelayMessage } from './BoardRelay';

/**
 * The binary frames relay messages travel in between processes:
 *   [kind: 1 byte][sender: 8 bytes][body]
 * with the body per kind:
 *   update (3)    seq f64 | id 8 bytes | receivedAt f64 | actor length u16 | actor UTF-8 | data
 *   stored (4)    id 8 bytes | seq f64
 *   awareness (1) data
 *   revoke (2)    JSON array of token hashes
 * Kind 0 was the update frame of earlier versions (no id): a process ignores kinds it does
 * not know and catches up from storage instead.
 */
const KIND = { awareness: 1, revoke: 2, update: 3, stored: 4 } as const;
export const SENDER_BYTES = 8;
const ID_BYTES = 8;

export function encodeRelayFrame(sender: Buffer, message: RelayMessage): Buffer {
  const head = (kind: number, bodyLength: number) => {
    const frame = Buffer.alloc(1 + SENDER_BYTES + bodyLength);
    frame.writeUInt8(kind, 0);
    sender.copy(frame, 1);
    return frame;
  };
  const body = 1 + SENDER_BYTES;
  switch (message.kind) {
    case 'update': {
      const actor = Buffer.from(message.actor.slice(0, 500), 'utf8');
      const frame = head(KIND.update, 8 + ID_BYTES + 8 + 2 + actor.byteLength + message.data.byteLength);
      let at = body;
      frame.writeDoubleBE(message.seq, at);
      at += 8;
      Buffer.from(message.id, 'hex').copy(frame, at);
      at += ID_BYTES;
      frame.writeDoubleBE(message.receivedAt, at);
      at += 8;
      frame.writeUInt16BE(actor.byteLength, at);
      at += 2;
      actor.copy(frame, at);
      frame.set(message.data, at + actor.byteLength);
      return frame;
    }
    case 'stored': {
      const frame = head(KIND.stored, ID_BYTES + 8);
      Buffer.from(message.id, 'hex').copy(frame, body);
      frame.writeDoubleBE(message.seq, body + ID_BYTES);
      return frame;
    }
    case 'awareness': {
      const frame = head(KIND.awareness, message.data.byteLength);
      frame.set(message.data, body);
      return frame;
    }
    case 'revoke': {
      const json = Buffer.from(JSON.stringify(message.tokenHashes), 'utf8');
      const frame = head(KIND.revoke, json.byteLength);
      json.copy(frame, body);
      return frame;
    }
  }
}

/** The sender and message of a frame; null for frames this version does not understand. */
export function decodeRelayFrame(frame: Buffer): { sender: Buffer; message: RelayMessage } | null {
  if (frame.byteLength < 1 + SENDER_BYTES) return null;
  const sender = frame.subarray(1, 1 + SENDER_BYTES);
  const body = 1 + SENDER_BYTES;
  try {
    switch (frame.readUInt8(0)) {
      case KIND.update: {
        let at = body;
        const seq = frame.readDoubleBE(at);
        at += 8;
        const id = frame.subarray(at, at + ID_BYTES).toString('hex');
        at += ID_BYTES;
        const receivedAt = frame.readDoubleBE(at);
        at += 8;
        const actorLength = frame.readUInt16BE(at);
        at += 2;
        const actor = frame.subarray(at, at + actorLength).toString('utf8');
        const data = new Uint8Array(frame.subarray(at + actorLength));
        return { sender, message: { kind: 'update', seq, id, receivedAt, actor, data } };
      }
      case KIND.stored:
        return {
          sender,
          message: {
            kind: 'stored',
            id: frame.subarray(body, body + ID_BYTES).toString('hex'),
            seq: frame.readDoubleBE(body + ID_BYTES),
          },
        };
      case KIND.awareness:
        return { sender, message: { kind: 'awareness', data: new Uint8Array(frame.subarray(body)) } };
      case KIND.revoke: {
        const hashes: unknown = JSON.parse(frame.subarray(body).toString('utf8'));
        const tokenHashes = Array.isArray(hashes) ? hashes.filter((h): h is string => typeof h === 'string') : [];
        return { sender, message: { kind: 'revoke', tokenHashes } };
      }
      default:
        return null;
    }
  } catch {
    return null; // a truncated frame: ignored, catch-up from storage covers it
  }
}
