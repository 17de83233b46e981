// khcidr embeds on a documentation page: <script src="https://YOUR-KHCIDR/embed.js" async></script>
// sizes every khcidr iframe on the page to its content, as it grows and shrinks, from the
// frames' { type: "khcidr:height", height } messages. No inline script: it works under a
// strict Content-Security-Policy that allows the khcidr origin.
// Only frames from the origin this script came from are sized.
const khcidr = new URL(document.currentScript?.src ?? location.href).origin;
addEventListener('message', (event) => {
  const data = event.data;
  if (event.origin !== khcidr) return;
  if (!data || data.type !== 'khcidr:height' || !Number.isFinite(data.height) || data.height <= 0) return;
  for (const frame of document.querySelectorAll('iframe')) {
    if (frame.contentWindow === event.source) {
      frame.style.height = `${Math.ceil(Math.min(data.height, 20000))}px`;
      frame.dataset.sized = 'true';
    }
  }
});
// A transparent frame asks for the page behind it ({ type: "khcidr:hello" }): the frame
// element's color-scheme (so the browser paints no backdrop behind it) and whether the
// background it shows through is dark (so its text reads).
const opaque = (color) => {
  const m = /rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?\)/.exec(color ?? '');
  return m && (m[4] === undefined || Number(m[4]) > 0.5) ? m.slice(1, 4).map(Number) : null;
};
const behind = (frame) => {
  for (let el = frame.parentElement; el; el = el.parentElement) {
    const rgb = opaque(getComputedStyle(el).backgroundColor);
    if (rgb) return rgb;
  }
  return null;
};
// Told once a frame, when it first speaks (its hello, or a height if this script came later).
const told = new WeakSet();
addEventListener('message', (event) => {
  if (event.origin !== khcidr || !['khcidr:hello', 'khcidr:height'].includes(event.data?.type)) return;
  for (const frame of document.querySelectorAll('iframe')) {
    if (frame.contentWindow !== event.source || (told.has(frame) && event.data.type !== 'khcidr:hello')) continue;
    told.add(frame);
    const scheme = getComputedStyle(frame).colorScheme || 'normal';
    const rgb = behind(frame);
    const dark = rgb
      ? (0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2]) / 255 < 0.5
      : scheme.includes('dark') && matchMedia('(prefers-color-scheme: dark)').matches;
    event.source.postMessage({ type: 'khcidr:host', scheme, dark }, khcidr);
  }
});
