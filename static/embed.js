// khcidr embeds on a documentation page: <script src="https://YOUR-KHCIDR/embed.js" async></script>
// sizes every khcidr iframe on the page to its content, as it grows and shrinks, from the
// frames' { type: "khcidr:height", height } messages. No inline script: it works under a
// strict Content-Security-Policy that allows the khcidr origin.
addEventListener('message', (event) => {
  const data = event.data;
  if (!data || data.type !== 'khcidr:height' || typeof data.height !== 'number' || !(data.height > 0)) return;
  for (const frame of document.querySelectorAll('iframe')) {
    if (frame.contentWindow === event.source) {
      frame.style.height = `${Math.ceil(data.height)}px`;
      frame.dataset.sized = 'true';
    }
  }
});
