// Sizes every khcidr iframe from its height messages: { type: "khcidr:height", height }.
addEventListener('message', (event) => {
  if (!event.data || event.data.type !== 'khcidr:height' || typeof event.data.height !== 'number') return;
  for (const frame of document.querySelectorAll('iframe')) {
    if (frame.contentWindow === event.source) {
      frame.style.height = `${Math.ceil(event.data.height)}px`;
      frame.dataset.sized = 'true';
    }
  }
});
