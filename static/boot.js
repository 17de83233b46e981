// Starts the page in the reader's language. An external file, so the
// Content-Security-Policy needs no inline script.

// Marks the moment the bars are in the DOM (`make bench` reads it). An effect in the app
// would run only after the browser's first layout and paint whenever the first render
// takes longer than the framework's 16 ms slice; this fires right after the insertion.
// `khcidr:whole-page` marks what renders after the first paint: the findings in full;
// `khcidr:verdict` the verdict's text, `khcidr:editor` the first input one can type into.
const marks = new Map([
  ['khcidr:first-render', 'svg.bars'],
  ['khcidr:whole-page', '[data-summary]'],
  ['khcidr:verdict', '[data-verdict] .verdict-title'],
  ['khcidr:editor', 'input[data-field]:not([readonly])'],
]);
new MutationObserver((_, observer) => {
  for (const [mark, selector] of marks) {
    if (document.querySelector(selector)) {
      performance.mark(mark);
      marks.delete(mark);
    }
  }
  if (!marks.size) observer.disconnect();
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

// The language: the link's `lang`, else the browser's first one khcidr speaks (tags read
// as khcidr_core::Lang::parse reads them), else English. Each has its own build.
// The link names one exactly (`en`, `zh-CN`, any case), as the page reads it.
const speaks = (tag) => ({ zh: 'zh-CN', en: 'en' })[String(tag).split(/[-_.@]/)[0].toLowerCase()];
let asked = '';
try { asked = decodeURIComponent(view.get('lang') ?? '').trim(); } catch { /* not a tag */ }
const named = ['en', 'zh-cn'].includes(asked) ? speaks(asked) : undefined;
const lang = named ?? navigator.languages.map(speaks).find(Boolean) ?? 'en';
document.documentElement.lang = lang;
const build = lang === 'en' ? 'khcidr-web' : 'khcidr-web-zh';
const wasm = fetch(new URL(`./${build}_bg.wasm`, import.meta.url));
const { default: init } = await import(`./${build}.js`);
init({ module_or_path: wasm });
