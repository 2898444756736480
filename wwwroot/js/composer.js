// The Markdown boxes in the page: how much room is left, what the server said was wrong, next to the box.
// Without this file the boxes work the same: nothing cuts text off, and the server refuses what is empty or too long
// by showing its form again with the text and the reason next to the box (FieldErrorTagHelper).
import { plural } from "./rules.js";

// Screen readers hear the count once typing pauses, not at every key.
const PAUSE_MS = 1000;

// The server counts UTF-16 code units of the trimmed text as the form sends it, and a form sends each line break
// as CR LF: two characters there for the one the textarea shows.
const sentLength = text => { const t = text.trim(); return t.length + (t.match(/\n/g)?.length ?? 0); };

function limitOf(area) {
  return area.form?.querySelector("[data-text-limit]") ?? null;
}

export function updateLimit(area) {
  const limit = limitOf(area);
  if (!limit) return;
  const max = Number(limit.dataset.textLimit);
  const left = max - sentLength(area.value);
  const text = left >= 0 ? plural(limit.dataset.left, left) : plural(limit.dataset.over, -left);
  // The count shows once a quarter of the room is left, and always past the limit.
  const shown = left < max / 4 ? text : "";
  const counter = limit.querySelector("[data-counter]");
  counter.textContent = shown;
  counter.classList.toggle("over", left < 0);
  const offer = limit.querySelector("[data-as-article]");
  if (offer) offer.hidden = left >= 0;
  const status = limit.querySelector("[data-counter-status]");
  clearTimeout(limit.pause);
  limit.pause = setTimeout(() => { if (status.textContent !== shown) status.textContent = shown; }, PAUSE_MS);
}

// The server's reason next to the box (or none): announced as it appears, tied to the box for when it gets the focus again.
export function showFieldError(area, message) {
  const id = `${area.id}-error`;
  document.getElementById(id)?.remove();
  const others = (area.getAttribute("aria-describedby") || "").split(" ").filter(x => x && x !== id);
  if (!message) {
    area.removeAttribute("aria-invalid");
    if (others.length) area.setAttribute("aria-describedby", others.join(" ")); else area.removeAttribute("aria-describedby");
    return;
  }
  const note = document.createElement("p");
  note.id = id;
  note.className = "field-error";
  note.dataset.fieldError = "";
  note.setAttribute("role", "alert");
  note.textContent = message;
  area.after(note);
  area.setAttribute("aria-invalid", "true");
  area.setAttribute("aria-describedby", [id, ...others].join(" "));
}

document.addEventListener("input", e => {
  if (e.target instanceof HTMLTextAreaElement && e.target.matches("[data-markdown]")) updateLimit(e.target);
});

document.querySelectorAll("textarea[data-markdown]").forEach(area => {
  // The server's messages replace the browser's own bubbles (which vanish and are not in the page); it checks anyway.
  if (area.form) area.form.noValidate = true;
  if (area.value) updateLimit(area);
});
