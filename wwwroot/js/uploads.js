// "Insert image" in the article editor: uploads the chosen file and puts its Markdown at the cursor.
// Without this file the editor offers a link to /uploads/new, which shows the Markdown to copy.
import { postForJson } from "./http.js";

const maxBytes = 2 * 1024 * 1024;

function insertAtCursor(textarea, text) {
  const start = textarea.selectionStart ?? textarea.value.length;
  const end = textarea.selectionEnd ?? start;
  const before = textarea.value.slice(0, start);
  const after = textarea.value.slice(end);
  // An image on its own line renders as its own paragraph.
  const prefix = before.length > 0 && !before.endsWith("\n") ? "\n\n" : "";
  const suffix = after.length > 0 && !after.startsWith("\n") ? "\n\n" : "";
  textarea.value = before + prefix + text + suffix + after;
  const cursor = (before + prefix + text).length;
  textarea.setSelectionRange(cursor, cursor);
  textarea.focus();
  textarea.dispatchEvent(new Event("input", { bubbles: true }));
}

document.querySelectorAll("[data-image-tools]").forEach(tools => {
  const button = tools.querySelector("[data-insert-image]");
  const file = tools.querySelector("[data-image-file]");
  const status = tools.querySelector("[data-image-status]");
  const textarea = document.getElementById(tools.dataset.target);
  if (!button || !file || !textarea) return;
  tools.querySelector("[data-image-link]").hidden = true;
  button.hidden = false;

  button.addEventListener("click", () => file.click());
  file.addEventListener("change", async () => {
    const chosen = file.files?.[0];
    file.value = "";
    if (!chosen) return;
    if (chosen.size > maxBytes) { status.textContent = tools.dataset.tooLarge; return; }
    const body = new FormData();
    body.append("image", chosen, chosen.name);
    body.append("description", chosen.name.replace(/\.[^.]*$/, ""));
    button.disabled = true;
    try {
      const response = await postForJson("/uploads", body);
      const result = await response.json().catch(() => null);
      if (response.ok && result?.markdown) {
        insertAtCursor(textarea, result.markdown);
        status.textContent = tools.dataset.done;
      } else {
        const errors = result?.errors ? Object.values(result.errors).flat() : [];
        status.textContent = errors[0] || tools.dataset.failed;
      }
    } catch {
      status.textContent = tools.dataset.failed;
    } finally {
      button.disabled = false;
    }
  });
});
