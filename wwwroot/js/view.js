// What every browser adds to fragments rendered once for everybody (pages, load-more rows, live pushes).
import { refreshTimes } from "./rules.js";

const me = Number(document.querySelector('meta[name="user-id"]')?.content || 0);

// Fragments are rendered without anyone's antiforgery token or edit rights; each browser adds its own here.
export function applyViewer(root) {
  root.querySelectorAll("[data-owner-controls]").forEach(el => { el.hidden = Number(el.dataset.ownerControls) !== me; });
  root.querySelectorAll("[data-author-only]").forEach(el => { el.hidden = Number(el.dataset.authorOnly) !== me; });
  root.querySelectorAll("[data-owner-only]").forEach(el => { el.hidden = Number(el.dataset.ownerOnly) !== me; });
}

export function fragment(html) {
  const t = document.createElement("template");
  t.innerHTML = html.trim();
  const el = t.content.firstElementChild;
  applyViewer(t.content);
  refreshTimes(t.content);
  return el;
}

export function setCounts(form, counts) {
  form.querySelectorAll("button[data-kind]").forEach(b => {
    const n = counts[b.dataset.kind] || 0;
    b.querySelector("[data-count]").textContent = n > 0 ? String(n) : "";
    b.classList.toggle("has-count", n > 0);
  });
  const who = form.querySelector("[data-who]");
  if (who) who.hidden = Object.values(counts).every(n => !n);
}
