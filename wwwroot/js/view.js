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

// A reaction button's kind is its value (what the form posts); an empty count is what the style sheet shows as none.
export function setCounts(form, counts) {
  form.querySelectorAll('button[name="kind"]').forEach(b => {
    const n = counts[b.value] || 0;
    b.querySelector("[data-count]").textContent = n > 0 ? String(n) : "";
  });
  const who = form.querySelector("[data-who]");
  if (who) who.hidden = Object.values(counts).every(n => !n);
}

// Changes a region of the page without moving what the reader is looking at: when the region is above the
// viewport, whatever follows it stays where it was on screen. The browser's own scroll anchoring is paused meanwhile,
// so the page is corrected exactly once.
export function keepPlace(region, change) {
  const topbar = document.querySelector(".topbar")?.getBoundingClientRect().bottom ?? 0;
  if (!region.isConnected || region.getBoundingClientRect().bottom > topbar) { change(); return; }
  // The first thing after the region in the page, however deep the region sits.
  let anchor = region;
  while (anchor && !anchor.nextElementSibling) anchor = anchor.parentElement;
  anchor = anchor?.nextElementSibling;
  if (!anchor) { change(); return; }
  const top = anchor.getBoundingClientRect().top;
  const root = document.documentElement;
  root.style.overflowAnchor = "none";
  change();
  const moved = anchor.getBoundingClientRect().top - top;
  if (moved !== 0) window.scrollBy(0, moved);
  requestAnimationFrame(() => { root.style.overflowAnchor = ""; });
}

// A page that changed elsewhere fetches itself again (the same URL: its own period, filters and the viewer's rights)
// and swaps in the parts named by selectors; everything else, such as a half-typed form, stays as it is.
export async function refreshFrom(url, selectors) {
  const response = await fetch(url, { credentials: "same-origin" });
  if (!response.ok) return;
  const doc = new DOMParser().parseFromString(await response.text(), "text/html");
  for (const selector of selectors) {
    const fresh = doc.querySelector(selector);
    if (fresh) document.querySelector(selector)?.replaceWith(fresh);
  }
}
