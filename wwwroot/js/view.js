// What every browser adds to fragments rendered once for everybody (pages, load-more rows, live pushes).
import { refreshTimes } from "./rules.js";

const me = Number(document.querySelector('meta[name="user-id"]')?.content || 0);

// Fragments are rendered without anyone's antiforgery token or edit rights; each browser adds its own here.
export function applyViewer(root) {
  root.querySelectorAll("[data-owner-controls]").forEach(el => { el.hidden = Number(el.dataset.ownerControls) !== me; });
  root.querySelectorAll("[data-author-only]").forEach(el => { el.hidden = Number(el.dataset.authorOnly) !== me; });
  root.querySelectorAll("[data-owner-only]").forEach(el => { el.hidden = Number(el.dataset.ownerOnly) !== me; });
  // With script a compact bar's "React" link opens the kinds in place: it is a button that says whether they are open.
  root.querySelectorAll("[data-react]:not([role])").forEach(el => { el.setAttribute("role", "button"); el.setAttribute("aria-expanded", "false"); });
}

export function fragment(html) {
  const t = document.createElement("template");
  t.innerHTML = html.trim();
  const el = t.content.firstElementChild;
  applyViewer(t.content);
  refreshTimes(t.content);
  return el;
}

// A reaction bar ([data-reactions], its target's address) shows only the kinds with a count, unless it is a post page's
// full bar or open: the others come from the page's template (_PageForm.cshtml) when they are needed.
const kinds = document.getElementById("reaction-kinds")?.content;
const order = kinds ? [...kinds.querySelectorAll("button")].map(b => b.value) : [];

// The bar's button for a kind; made and put in its place when the bar does not show it yet.
export function kindButton(bar, kind) {
  const shown = bar.querySelector(`button[value="${kind}"]`);
  const made = shown ? null : kinds?.querySelector(`button[value="${kind}"]`)?.cloneNode(true);
  if (!made) return shown;
  made.setAttribute("formaction", bar.dataset.reactions);
  const next = [...bar.querySelectorAll('button[name="kind"]')].find(b => order.indexOf(b.value) > order.indexOf(kind));
  bar.insertBefore(made, next ?? bar.querySelector("a"));
  return made;
}

// A compact bar (one with a "React" link) lets go of the kinds nobody chose, but never of the one in the reader's hand.
export function tidy(bar) {
  if (!bar.querySelector("[data-react]") || bar.hasAttribute("data-open")) return;
  bar.querySelectorAll('button[name="kind"]').forEach(b => {
    if (!b.querySelector("[data-count]").textContent && b.getAttribute("aria-pressed") !== "true" && b !== document.activeElement) b.remove();
  });
}

// An empty count is what the style sheet shows as none.
export function setCounts(bar, counts) {
  order.forEach(kind => {
    const n = counts[kind] || 0;
    const b = n > 0 ? kindButton(bar, kind) : bar.querySelector(`button[value="${kind}"]`);
    if (b) b.querySelector("[data-count]").textContent = n > 0 ? String(n) : "";
  });
  tidy(bar);
  const who = bar.querySelector("[data-who]");
  if (who) who.hidden = Object.values(counts).every(n => !n);
}

// Opens a compact bar in place: all six kinds, and who reacted; closing it leaves the kinds with a count.
export function openBar(bar, open) {
  const toggle = bar.querySelector("[data-react]");
  if (!toggle) return;
  toggle.setAttribute("aria-expanded", String(open));
  bar.toggleAttribute("data-open", open);
  bar.querySelector("[data-who]")?.remove();
  if (open) {
    order.forEach(kind => kindButton(bar, kind));
    const who = kinds.querySelector("[data-who]").cloneNode(true);
    who.href = toggle.getAttribute("href");
    who.hidden = ![...bar.querySelectorAll("[data-count]")].some(c => c.textContent);
    toggle.before(who);
  } else {
    tidy(bar);
  }
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
    const old = fresh && document.querySelector(selector);
    if (old) replaceKeepingFocus(old, document.adoptNode(fresh));
  }
}

// Replaces a part of the page (a live update, a list sent again) without throwing a keyboard user's focus to the
// page's start: the control that had it is found again in the new markup by its id, or by what it does (its form's
// address, its name and value, its words), and gets it back; failing that, the new part itself takes it.
export function replaceKeepingFocus(old, fresh) {
  const had = document.activeElement;
  if (!had || had === document.body || !old.contains(had)) { old.replaceWith(fresh); return; }
  const does = e => [e.tagName, e.getAttribute("name"), e.getAttribute("value"), e.getAttribute("href"), e.closest("form")?.getAttribute("action")].join("|");
  const candidates = [fresh, ...fresh.querySelectorAll(had.tagName)];
  const match = (had.id && candidates.find(e => e.id === had.id))
    || candidates.find(e => does(e) === does(had) && e.textContent.trim() === had.textContent.trim())
    || candidates.find(e => does(e) === does(had));
  old.replaceWith(fresh);
  // An element given the focus by script (a new reply, a confirmation) is focusable only through its tabindex.
  if (match && had.hasAttribute("tabindex") && !match.hasAttribute("tabindex")) match.setAttribute("tabindex", had.getAttribute("tabindex"));
  if (match) { match.focus(); return; }
  if (!fresh.hasAttribute("tabindex")) fresh.tabIndex = -1;
  fresh.focus();
}

// A form (or a toolbar) waits for its answer without disabling its button: a disabled button drops the keyboard's
// focus to the page's start. A second press meanwhile does nothing (data-busy), and the button says it is not available.
// Resolves to whether the work ran.
export async function whileBusy(holder, button, work) {
  if (holder.hasAttribute("data-busy")) return false;
  holder.setAttribute("data-busy", "");
  button?.setAttribute("aria-disabled", "true");
  try {
    await work();
  } finally {
    holder.removeAttribute("data-busy");
    button?.removeAttribute("aria-disabled");
  }
  return true;
}
