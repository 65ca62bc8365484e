/**
 * A tiny static HTTP server for the benchmark: serves a copy of the production build (so that another
 * `vite build` in the same checkout cannot change the files under a running benchmark), or a model
 * folder for the network-load measurement (with `Access-Control-Allow-Origin: *`); and free ports to
 * serve them on.
 */
import { createReadStream, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';

export const MIME_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.bin': 'application/octet-stream'
};

/** The file under `root` that `urlPath` names, or null when it is outside `root` or not a file. */
function fileFor(root, urlPath) {
  let path;
  try {
    path = decodeURIComponent(urlPath.split('?')[0]);
  } catch {
    return null;
  }
  const full = normalize(join(root, path));
  if (full !== root && !full.startsWith(root + sep)) return null;
  for (const candidate of [full, join(full, 'index.html'), full + '.html']) {
    try {
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      /* try the next */
    }
  }
  return null;
}

/**
 * Serves `dir` on 127.0.0.1:`port`. `spa`: unknown paths without an extension get /index.html (like
 * the app's navigateFallback). `cors`: adds `Access-Control-Allow-Origin: *`.
 * Resolves once listening, with `{ url, stop() }`.
 */
export function startStaticServer(dir, port, { spa = false, cors = false } = {}) {
  const root = resolve(dir);
  const server = createServer((req, res) => {
    const headers = { 'Cache-Control': 'no-store' };
    if (cors) headers['Access-Control-Allow-Origin'] = '*';
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, headers).end();
      return;
    }
    const urlPath = new URL(req.url ?? '/', 'http://x').pathname;
    let file = fileFor(root, urlPath);
    if (!file && spa && extname(urlPath) === '') file = join(root, 'index.html');
    if (!file) {
      res.writeHead(404, { ...headers, 'Content-Type': 'text/plain' }).end('not found');
      return;
    }
    const type = MIME_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
    // The service worker may control the whole origin.
    if (file.endsWith(`${sep}sw.js`)) headers['Service-Worker-Allowed'] = '/';
    res.writeHead(200, { ...headers, 'Content-Type': type, 'Content-Length': statSync(file).size });
    if (req.method === 'HEAD') res.end();
    else createReadStream(file).pipe(res);
  });
  return new Promise((done, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', fail);
      done({
        url: `http://127.0.0.1:${port}`,
        stop: () =>
          new Promise((closed) => {
            server.closeAllConnections?.();
            server.close(() => closed());
          })
      });
    });
  });
}

function portFree(port) {
  return new Promise((done) => {
    const s = createNetServer();
    s.once('error', () => done(false));
    s.listen(port, '127.0.0.1', () => s.close(() => done(true)));
  });
}

/** The first `count` ports of 127.0.0.1 in `first`..`last` that nothing listens on; throws when there are fewer. */
export async function freePorts(count, [first, last]) {
  const found = [];
  for (let p = first; p <= last && found.length < count; p++) if (await portFree(p)) found.push(p);
  if (found.length < count) throw new Error(`No ${count} free ports in ${first}-${last}`);
  return found;
}
