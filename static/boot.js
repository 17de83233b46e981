// Starts the page. An external file, so the Content-Security-Policy needs no inline script.
import init from './khcidr-web.js';

// Marks the moment the bars are in the DOM (`make bench` reads it). An effect in the app
// would run only after the browser's first layout and paint whenever the first render
// takes longer than the framework's 16 ms slice; this fires right after the insertion.
// `khcidr:whole-page` marks what renders after the first paint: the findings in full.
const marks = [['khcidr:first-render', 'svg.bars'], ['khcidr:whole-page', '[data-summary]']];
new MutationObserver((_, observer) => {
  while (marks.length && document.querySelector(marks[0][1])) performance.mark(marks.shift()[0]);
  if (!marks.length) observer.disconnect();
}).observe(document.body, { childList: true, subtree: true });

// The link's items, read once: `key=value`.
const items = location.hash.slice(1).split('&').map((pair) => {
  const [key, value = ''] = pair.split('=');
  return [key, value];
});

// The link's view, applied before the checks load so the first paint is already right:
// an embed (its own layout, no frame), its theme and its background.
const view = new Map(items.map(([key, value]) => [key, value.toLowerCase()]));
const on = (key) => ['1', 'true', 'on', 'yes'].includes(view.get(key));
if (on('embed')) document.getElementById('frame')?.remove();
if (['light', 'dark'].includes(view.get('theme'))) document.documentElement.dataset.theme = view.get('theme');
// Transparent only inside a docs page's frame: opened alone, it has its own background.
if (on('transparent') && window.parent !== window) document.documentElement.classList.add('transparent');

// The static frame shows the plan from the link while the checks load.
for (const [key, value] of items) {
  const input = document.querySelector(`[data-frame-field="${CSS.escape(key)}"]`);
  if (input) {
    try { input.value = decodeURIComponent(value); } catch { input.value = value; }
  }
}

init({ module_or_path: new URL('./khcidr-web_bg.wasm', import.meta.url) });
