// "Copy Markdown" on the report page (a file, not inline: the page's Content-Security-Policy allows no inline script)
document.addEventListener("DOMContentLoaded", () => {
  const button = document.getElementById("copy-button");
  if (!button) return;
  button.addEventListener("click", async () => {
    const box = document.getElementById(button.dataset.target);
    const status = document.getElementById("copy-status");
    try { await navigator.clipboard.writeText(box.value); status.textContent = "Copied."; }
    catch (e) { box.select(); status.textContent = "Selected: press Ctrl+C to copy."; }
  });
});
