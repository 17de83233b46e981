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
