// A static file server for dist/ on loopback, optionally under a sub-path such as /khcidr/.
// It sends gzip to a browser that accepts it, as a static host does, so timings on a slow
// link are of the bytes a visitor downloads. No dependencies: used by the browser tests,
// `make bench` and `make preview`.
import { createServer } from 'node:http';
import { gzipSync } from 'node:zlib';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';

const types = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.wasm': 'application/wasm',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
};

/** Whether an Accept-Encoding header takes gzip (not `gzip;q=0`). */
function acceptsGzip(header = '') {
  return header.split(',').some((part) => {
    const [name, ...params] = part.trim().split(';').map((p) => p.trim());
    const q = params.find((p) => p.startsWith('q='));
    return (name === 'gzip' || name === '*') && (!q || Number(q.slice(2)) > 0);
  });
}

/** Serves `dir` at `prefix` on 127.0.0.1:`port` (0: any free port); resolves to { url, close }. */
export async function serveStatic(dir, { prefix = '/', port = 0 } = {}) {
  const zipped = new Map();
  const server = createServer(async (req, res) => {
    let path;
    try {
      path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    } catch {
      res.writeHead(400).end('bad request');
      return;
    }
    if (!path.startsWith(prefix)) {
      res.writeHead(404).end('not found');
      return;
    }
    const rest = normalize(`/${path.slice(prefix.length)}`);
    const file = join(dir, rest.endsWith('/') ? `${rest}index.html` : rest);
    try {
      const body = await readFile(file);
      const type = types[extname(file)];
      const headers = { 'content-type': type ?? 'application/octet-stream', vary: 'accept-encoding' };
      // Text and wasm, as a host compresses them (images are compressed already).
      if (type && acceptsGzip(req.headers['accept-encoding'])) {
        res.writeHead(200, { ...headers, 'content-encoding': 'gzip' });
        // Compressed once per file and content, as a host would serve it precompressed.
        const hash = createHash('sha1').update(body).digest('hex');
        if (zipped.get(file)?.hash !== hash) zipped.set(file, { hash, gzip: gzipSync(body, { level: 9 }) });
        res.end(zipped.get(file).gzip);
      } else {
        res.writeHead(200, headers);
        res.end(body);
      }
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${server.address().port}${prefix}`;
  return { url, close: () => new Promise((r) => server.close(r)) };
}
