// Starts the page. An external file, so the Content-Security-Policy needs no inline script.
import init from './khcidr-web.js';

init({ module_or_path: new URL('./khcidr-web_bg.wasm', import.meta.url) });
