import { connect, createServer, type Server, type Socket } from 'node:net';

/**
 * A tiny TCP load balancer for tests: each new connection goes to the first backend port
 * that accepts it, so when one server process dies its clients reconnect to the next.
 */
export interface FailoverProxy {
  readonly port: number;
  close(): Promise<void>;
}

export function startFailoverProxy(backends: readonly number[]): Promise<FailoverProxy> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => client.destroy());
    client.pause();
    const tryBackend = (index: number) => {
      if (index >= backends.length) {
        client.destroy();
        return;
      }
      const upstream = connect(backends[index]!, '127.0.0.1');
      upstream.once('error', () => {
        upstream.destroy();
        tryBackend(index + 1);
      });
      upstream.once('connect', () => {
        sockets.add(upstream);
        upstream.removeAllListeners('error');
        upstream.on('error', () => client.destroy());
        upstream.on('close', () => {
          sockets.delete(upstream);
          client.destroy();
        });
        client.on('close', () => upstream.destroy());
        client.pipe(upstream);
        upstream.pipe(client);
        client.resume();
      });
    };
    tryBackend(0);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve({
        port: typeof address === 'object' && address ? address.port : 0,
        close: () =>
          new Promise<void>((done) => {
            for (const socket of sockets) socket.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}
