// Starts a floor page and marks its first render, as the page's boot.js does. Shared by
// both floors: the module to start is the one the page preloads.
const script = document.querySelector('link[rel="modulepreload"]').href;

new MutationObserver((_, observer) => {
  if (document.getElementById('floor')) {
    performance.mark('khcidr:first-render');
    observer.disconnect();
  }
}).observe(document.body, { childList: true, subtree: true });

const { default: init } = await import(script);
init({ module_or_path: script.replace(/\.js$/, '_bg.wasm') });
