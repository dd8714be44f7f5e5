// Runs PGlite behind pglite-socket in a plain Node process for the read-model tests (see postgres.ts):
// PGlite loads its WASM and Node built-ins with dynamic import(), which Jest's module sandbox refuses
// without --experimental-vm-modules, so it cannot run inside the test process itself.
// Prints "listening HOST:PORT" once ready; exits on SIGTERM/SIGINT or when its parent closes stdin
// (so a crashed test run leaves no server behind).
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

const db = await PGlite.create();
const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0 });
await server.start();
process.stdout.write(`listening ${server.getServerConn()}\n`);

let stopping = false;
async function shutdown() {
  if (stopping) return;
  stopping = true;
  try {
    await server.stop();
    await db.close();
  } finally {
    process.exit(0);
  }
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
process.stdin.on('end', shutdown);
process.stdin.on('close', shutdown);
process.stdin.resume();
