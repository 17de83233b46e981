// Starts the page. An external file, so the Content-Security-Policy needs no inline script.
import init from './khcidr-web.js';

// Marks the moment the bars are in the DOM (`make bench` reads it). An effect in the app
// would run only after the browser's first layout and paint whenever the first render
// takes longer than the framework's 16 ms slice; this fires right after the insertion.
new MutationObserver((_, observer) => {
  if (document.querySelector('svg.bars')) {
    performance.mark('khcidr:first-render');
    observer.disconnect();
  }
}).observe(document.body, { childList: true, subtree: true });

// The static frame shows the plan from the link while the checks load (not in an embed,
// whose layout is another).
if (/(^|&)embed=1(&|$)/.test(location.hash.slice(1))) document.getElementById('frame')?.remove();
for (const pair of location.hash.slice(1).split('&')) {
  const [key, value = ''] = pair.split('=');
  const input = document.querySelector(`[data-frame-field="${CSS.escape(key)}"]`);
  if (input) {
    try { input.value = decodeURIComponent(value); } catch { input.value = value; }
  }
}

init({ module_or_path: new URL('./khcidr-web_bg.wasm', import.meta.url) });
