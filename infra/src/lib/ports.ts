import net from 'node:net';

export const defaultPorts = {
  gateway: 3000,
  registry: 3101,
  ledger: 3102,
  audit: 3103,
  reform: 3104,
  admin: 5173,
  postgres: 54329,
  temporal: 7233,
  temporalUi: 8233,
} as const;

export async function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
