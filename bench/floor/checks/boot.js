// Starts the checks floor page and marks its first render, as the page's boot.js does.
import init from './khcidr-floor-checks.js';

new MutationObserver((_, observer) => {
  if (document.getElementById('floor')) {
    performance.mark('khcidr:first-render');
    observer.disconnect();
  }
}).observe(document.body, { childList: true, subtree: true });

init({ module_or_path: new URL('./khcidr-floor-checks_bg.wasm', import.meta.url) });
