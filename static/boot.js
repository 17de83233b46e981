// Starts the page in the reader's language, or a read-only embed. Release builds put it
// inline at the top of the page (scripts/inline-boot.mjs, its hash in the
// Content-Security-Policy), an async module that runs as soon as it is read, not after
// the page and its stylesheet: the checks are requested while the page is still being
// read, one round trip sooner than a script file of its own. It runs before the body
// exists: what it does to the page it does as the parser adds each part.

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

// The link's items, read once as the page's decoder reads them (khcidr_core::share):
// the fragment's first 4096 characters, `key=value` split at the first `=`, each side
// percent-decoded.
const decode = (text) => {
  try { return decodeURIComponent(text); } catch { return text; }
};
const items = location.hash.slice(1, 4097).split('&').filter(Boolean).map((pair) => {
  const at = pair.indexOf('=');
  return at < 0 ? [decode(pair), ''] : [decode(pair.slice(0, at)), decode(pair.slice(at + 1))];
});

// The link's view, applied before the checks load so the first paint is already right:
// an embed (its own layout, no frame), its theme and its background.
const view = new Map(items.map(([key, value]) => [key, value.toLowerCase()]));
// A flag as the decoder reads it: its last value that reads as one (`1`, `true`, `on`,
// `yes` or their opposites; ASCII case and Unicode white space around ignored), else off.
const space = /^[\t-\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+|[\t-\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+$/g;
function on(flag) {
  let set = false;
  for (const [key, value] of items) {
    if (key !== flag) continue;
    const word = value.replace(space, '').replace(/[A-Z]/g, (c) => c.toLowerCase());
    if (['true', '1', 'on', 'yes'].includes(word)) set = true;
    else if (['false', '0', 'off', 'no'].includes(word)) set = false;
  }
  return set;
}
const embed = on('embed');
const root = document.documentElement;

// The language: the link's `lang`, else the browser's first one khcidr speaks (tags read
// as khcidr_core::Lang::parse reads them), else English. Each has its own build.
// The link names one exactly (`en`, `zh-CN`, any case), as the page reads it.
const speaks = (tag) => ({ zh: 'zh-CN', en: 'en' })[String(tag).split(/[-_.@]/)[0].toLowerCase()];
const asked = (view.get('lang') ?? '').trim();
const named = ['en', 'zh-cn'].includes(asked) ? speaks(asked) : undefined;
const lang = named ?? navigator.languages.map(speaks).find(Boolean) ?? 'en';
root.lang = lang;
// A read-only embed has a build of its own, without the editor: what a documentation
// page's readers fetch. An editable embed, and anything else, is the page's own build.
const build = (embed && on('readonly') ? 'khcidr-view' : 'khcidr-web') + (lang === 'en' ? '' : '-zh');
// Both requested first, before anything else here runs.
const wasm = fetch(new URL(`./${build}_bg.wasm`, import.meta.url));
const glue = import(`./${build}.js`);
if (['light', 'dark'].includes(view.get('theme'))) root.dataset.theme = view.get('theme');
// Transparent only inside a docs page's frame: opened alone, it has its own background.
if (on('transparent') && window.parent !== window) root.classList.add('transparent');

// The static frame as the parser adds it: gone in an embed, else showing the plan from
// the link while the checks load. Run from a mutation's callback, which runs before the
// browser renders anything. Returns whether the frame is done with.
const filled = new Set();
function frame() {
  if (embed) {
    const frame = document.getElementById('frame');
    frame?.remove();
    return !!frame;
  }
  for (const input of document.querySelectorAll('[data-frame-field]')) {
    if (filled.has(input)) continue;
    filled.add(input);
    // The last of a repeated key, as the page reads the link.
    let value;
    for (const [key, v] of items) if (key === input.dataset.frameField) value = v;
    if (value !== undefined) input.value = value;
  }
  // Its inputs are all in once the drawing after them is.
  return !!document.querySelector('#frame .drawing');
}

let framed = false;
new MutationObserver((_, observer) => {
  framed ||= frame();
  for (const [mark, selector] of marks) {
    if (document.querySelector(selector)) {
      performance.mark(mark);
      marks.delete(mark);
    }
  }
  if (!marks.size) observer.disconnect();
}).observe(root, { childList: true, subtree: true });
// Where the page was read whole before this ran, the frame is there already.
framed ||= frame();

const { default: init } = await glue;
// The app draws into the body and measures the drawing's width once laid out: wait for
// the parser to have read the body and for the stylesheet (an async script is not held
// for it, as a deferred one is).
if (document.readyState === 'loading') {
  await new Promise((resolve) => document.addEventListener('DOMContentLoaded', resolve, { once: true }));
}
const style = document.querySelector('link[rel="stylesheet"]');
if (style && !style.sheet) {
  await new Promise((resolve) => {
    style.addEventListener('load', resolve, { once: true });
    style.addEventListener('error', resolve, { once: true });
  });
}
init({ module_or_path: wasm });
