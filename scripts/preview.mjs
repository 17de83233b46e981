// Serves the built site from dist/ under /khcidr/, as a static host would under a sub-path.
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { serveStatic } from '../tests/support/static-server.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const port = Number(process.env.PORT ?? 8081);
const { url } = await serveStatic(join(root, 'dist'), { prefix: '/khcidr/', port });
console.log(`khcidr: serving dist/ at ${url} (Ctrl-C stops)`);
