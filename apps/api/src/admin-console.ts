import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express, { type Router } from 'express';

/** Where `npm run admin:build` puts the console (ADMIN_DIR overrides it). */
export function adminConsoleDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.ADMIN_DIR ?? join(process.cwd(), 'dist', 'admin');
}

/**
 * GET /admin: the staff console's files (public, as API.md says: every call the console makes carries the staff
 * member's token). Hashed assets are cached for a year; any other path under /admin answers index.html, so the
 * single-page app's own routes load on a reload.
 */
export function adminConsole(dir: string): Router {
  const router = express.Router();
  router.use(
    express.static(dir, {
      index: false,
      setHeaders: (res, path) => res.setHeader('cache-control', path.includes(`${join(dir, 'assets')}`) ? 'public, max-age=31536000, immutable' : 'no-cache'),
    }),
  );
  router.get(/.*/, (_req, res) => {
    const index = join(dir, 'index.html');
    if (!existsSync(index)) {
      res.status(503).type('text/plain').send('The staff console is not built: run `npm run admin:build` (npm start does it when its sources change).\n');
      return;
    }
    res.setHeader('cache-control', 'no-cache');
    res.sendFile(index);
  });
  return router;
}
