import net from "node:net";

/**
 * A TCP relay between the app and PostgreSQL that a test can cut, stall and restore: a real outage of
 * the database as the app sees it, without touching the server.
 *  - cut(): connections refused and the open ones dropped (a crash, a failover);
 *  - stall(): connections accepted and kept open, but no byte passes either way (a hung server, a
 *    network partition): only timeouts get the app out.
 */
export async function startTcpProxy(targetPort: number, targetHost = "127.0.0.1") {
  const sockets = new Set<net.Socket>();
  let server: net.Server | undefined;
  let port = 0;
  let stalled = false;
  const track = (socket: net.Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  };
  const listen = () =>
    new Promise<void>((resolve) => {
      server = net.createServer((client) => {
        track(client);
        if (stalled) {
          client.on("error", () => client.destroy());
          return; // accepted, never answered
        }
        const upstream = net.connect(targetPort, targetHost);
        track(upstream);
        for (const socket of [client, upstream]) {
          socket.on("error", () => {
            client.destroy();
            upstream.destroy();
          });
        }
        client.pipe(upstream).pipe(client);
      });
      server.listen(port, "127.0.0.1", () => {
        port = (server!.address() as net.AddressInfo).port;
        resolve();
      });
    });
  await listen();
  return {
    get port() {
      return port;
    },
    /** Refuse new connections and drop the open ones. */
    async cut() {
      await new Promise<void>((resolve) => {
        server!.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
    },
    /** Let nothing through from now on, on open connections or new ones, without closing any. */
    stall() {
      stalled = true;
      for (const socket of sockets) {
        socket.unpipe();
        socket.pause();
      }
    },
    restore: listen,
    close() {
      stalled = false;
      return this.cut();
    },
  };
}
