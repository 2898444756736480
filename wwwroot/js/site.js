// Progressive enhancement only: every form and link works without this file.
import { postForJson, token } from "./http.js";
import { refreshTimes } from "./rules.js";
import { applyViewer, fragment, openBar, setCounts, whileBusy } from "./view.js";
import { placeCard, placeComment } from "./feed.js";
import { showFieldError, updateLimit } from "./composer.js";

// Installable on a phone: the worker keeps only the app's own files and an offline page (sw.js).
if ("serviceWorker" in navigator) navigator.serviceWorker.register("/sw.js").catch(() => {});

function ensureToken(form) {
  if ((form.method || "").toLowerCase() !== "post" || form.querySelector('input[name="__RequestVerificationToken"]')) return;
  const input = document.createElement("input");
  input.type = "hidden";
  input.name = "__RequestVerificationToken";
  input.value = token();
  form.prepend(input);
}

function send(form, submitter) {
  ensureToken(form);
  const body = new FormData(form);
  if (submitter?.name) body.append(submitter.name, submitter.value);
  return postForJson(form.action, body);
}

document.addEventListener("submit", async event => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement)) return;
  if (form.dataset.confirm && !window.confirm(form.dataset.confirm)) { event.preventDefault(); return; }
  // A delete button asks on a page of its own without script (a GET); confirmed here, it posts straight away.
  if (form.hasAttribute("data-confirmed-post")) {
    event.preventDefault();
    form.method = "post";
    ensureToken(form);
    form.submit();
    return;
  }
  ensureToken(form);

  // Every reaction button posts the page's one reactions form to its own target (formaction); the bar it sits in
  // takes the answer.
  if (form.id === "act" && event.submitter?.closest("[data-reactions]")) {
    event.preventDefault();
    const button = event.submitter;
    const bar = button?.closest("[data-reactions]");
    if (!bar) return;
    const pressed = button.getAttribute("aria-pressed") === "true";
    button.setAttribute("aria-pressed", String(!pressed));
    const body = new FormData(form);
    body.append("kind", button.value);
    const response = await postForJson(button.getAttribute("formaction"), body).catch(() => null);
    if (!response?.ok) { button.setAttribute("aria-pressed", String(pressed)); return; }
    const result = await response.json();
    setCounts(bar, result.counts);
    bar.querySelectorAll('button[name="kind"]').forEach(b => b.setAttribute("aria-pressed", String(result.mine.includes(b.value))));
    // Chosen from an open bar: it closes, as a picker does, and the reader stays on what they chose (or, if that
    // went with its count, on the "React" link).
    if (bar.hasAttribute("data-open")) {
      openBar(bar, false);
      (button.isConnected ? button : bar.querySelector("[data-react]")).focus();
    }
    return;
  }

  // "Continue as an article" leaves the feed for the article editor, text and all.
  if (event.submitter?.hasAttribute("data-as-article")) return;

  // The writer's own post or comment shows at once; its live echo later finds it by id and replaces it in place.
  if (form.matches("[data-composer], [data-comment-form]")) {
    event.preventDefault();
    await whileBusy(form, form.querySelector('button[type="submit"]:not([data-as-article])'), () => write(form));
  }
});

async function write(form) {
  const area = form.querySelector("textarea");
  try {
    const response = await send(form, null);
    if (response.status === 201) {
      const el = fragment(await response.text());
      if (form.matches("[data-composer]")) {
        placeCard(el, false);
      } else {
        placeComment(el);
        // A reply's form goes once it is sent; the reply takes the focus it had.
        if (form.querySelector('input[name="parentId"]')) {
          form.remove();
          const placed = document.getElementById(el.id);
          if (placed) { placed.tabIndex = -1; placed.focus(); }
        }
      }
      form.reset();
      updateLimit(area);
      showFieldError(area, null);
      showFailure(form, null);
    } else if (response.status === 400) {
      // Empty, too long, a department gone: the server's words, next to the text they are about.
      const problem = await response.json().catch(() => null);
      const messages = Object.values(problem?.errors || {}).flat();
      showFieldError(area, messages.join(" ") || problem?.title || form.dataset.failed);
      showFailure(form, null);
      area.focus();
    } else if (response.status >= 500) {
      // One submission, one post: a server error may come after the write committed, so the form is never sent
      // again by itself. It says it failed (read-only mode says why) and keeps the text.
      const problem = await response.json().catch(() => null);
      showFailure(form, problem?.detail || form.dataset.failed);
    } else {
      form.submit(); // signed out, token expired, post gone: the server's own page says what to do
    }
  } catch {
    showFailure(form, form.dataset.failed); // no answer at all: it may or may not have arrived
  }
}

function showFailure(form, message) {
  let note = form.querySelector("[data-send-failed]");
  if (!message) { note?.remove(); return; }
  if (!note) {
    note = document.createElement("p");
    note.className = "errors";
    note.setAttribute("role", "alert");
    note.dataset.sendFailed = "";
    form.querySelector(".form-actions").before(note);
  }
  note.textContent = message;
}

// A compact reaction bar's "React" link leads to a page with all six kinds; with script it opens them in place.
document.addEventListener("click", event => {
  const toggle = event.target.closest?.("[data-react]");
  if (!toggle) return;
  event.preventDefault();
  const bar = toggle.closest("[data-reactions]");
  const open = !bar.hasAttribute("data-open");
  openBar(bar, open);
  if (open) bar.querySelector('button[name="kind"]')?.focus();
});

document.addEventListener("keydown", event => {
  // A link acting as a button answers Space as a button does (a link would scroll the page).
  if (event.key === " " && event.target.matches?.("[data-react]")) { event.preventDefault(); event.target.click(); return; }
  const bar = event.target.closest?.("[data-reactions][data-open]");
  if (!bar) return;
  if (event.key === "Escape") {
    openBar(bar, false);
    bar.querySelector("[data-react]").focus();
  } else if (event.key === "ArrowRight" || event.key === "ArrowLeft") {
    // The open kinds are walked with the arrow keys, as a toolbar's buttons are.
    const stops = [...bar.querySelectorAll('button[name="kind"], [data-react]')];
    const next = stops[(stops.indexOf(event.target) + (event.key === "ArrowRight" ? 1 : stops.length - 1)) % stops.length];
    if (next) { event.preventDefault(); next.focus(); }
  }
});

// Reply in place instead of reloading the page with ?replyTo=.
document.addEventListener("click", event => {
  const link = event.target.closest?.("[data-reply-to]");
  if (!link) return;
  event.preventDefault();
  const id = link.dataset.replyTo;
  const replies = document.querySelector(`[data-replies-of="${id}"]`);
  const main = document.querySelector("#comment[data-comment-form]");
  if (!replies || !main || replies.parentElement.querySelector(":scope > form")) return;
  const form = main.cloneNode(true);
  form.id = "";
  const parent = document.createElement("input");
  parent.type = "hidden"; parent.name = "parentId"; parent.value = id;
  form.prepend(parent);
  const area = form.querySelector("textarea");
  form.querySelectorAll("[data-field-error]").forEach(e => e.remove());
  area.removeAttribute("aria-invalid");
  area.removeAttribute("aria-describedby");
  area.id = `reply-body-${id}`;
  form.querySelector("label").htmlFor = area.id;
  form.querySelector("label").textContent = link.textContent;
  // A clone keeps what was typed in the main box: the reply starts empty, says what it sends, and an empty one
  // closes with Escape, back to where it was opened.
  area.value = "";
  updateLimit(area);
  form.querySelector('button[type="submit"]').textContent = link.textContent;
  form.addEventListener("keydown", e => {
    if (e.key === "Escape" && !area.value.trim()) { form.remove(); link.focus(); }
  });
  replies.after(form);
  area.focus();
});

// "Load more" appends the next page in place; without script the link opens it.
document.addEventListener("click", async event => {
  const link = event.target.closest?.("[data-more-url]");
  if (!link) return;
  event.preventDefault();
  const holder = link.closest("[data-load-more]");
  const response = await fetch(link.dataset.moreUrl, { credentials: "same-origin" });
  if (!response.ok) { window.location.href = link.href; return; }
  const t = document.createElement("template");
  t.innerHTML = await response.text();
  applyViewer(t.content);
  refreshTimes(t.content);
  // Pinned announcements above the feed count too: a card is on the page once.
  const existing = new Set([...document.querySelectorAll("article[data-post-id]")].map(e => e.id));
  t.content.querySelectorAll(":scope > article[data-post-id]").forEach(a => { if (existing.has(a.id)) a.remove(); });
  const first = t.content.querySelector(":scope > article");
  const focused = holder.contains(document.activeElement);
  holder.replaceWith(t.content);
  // The link that had the focus is gone: the first of the new cards takes it.
  if (focused && first) { first.tabIndex = -1; first.focus(); }
});

// A page opened at a confirmation (a fragment naming an element that takes the focus, tabindex -1) gives it the
// focus, so the keyboard and a screen reader start there rather than at the page's top.
// A malformed fragment (a hand-typed "%") names nothing rather than stopping this script.
const fragmentId = (() => { try { return decodeURIComponent(location.hash.slice(1)); } catch { return ""; } })();
const arrived = fragmentId ? document.getElementById(fragmentId) : null;
if (arrived?.getAttribute("tabindex") === "-1") arrived.focus();

// On a phone the navigation's tabs scroll sideways: the page's own tab is brought into view.
const tab = document.querySelector('.sidenav [aria-current="page"]');
const tabs = tab?.closest("ul");
if (tabs && tabs.scrollWidth > tabs.clientWidth) tabs.scrollLeft = tab.offsetLeft - (tabs.clientWidth - tab.offsetWidth) / 2;

// Relative times in the reader's language, kept fresh with the server's own steps and words.
applyViewer(document);
refreshTimes(document);
setInterval(() => refreshTimes(document), 60_000);

// The user menu (a details element) closes with Escape, giving the focus back to its button, and when the keyboard
// moves on past it, so it does not stay open over the page behind the focus.
document.addEventListener("keydown", event => {
  const menu = event.key === "Escape" ? event.target.closest?.("details.user-menu[open]") : null;
  if (!menu) return;
  menu.open = false;
  menu.querySelector("summary").focus();
});
document.addEventListener("focusout", event => {
  const menu = event.target.closest?.("details.user-menu[open]");
  if (menu && event.relatedTarget && !menu.contains(event.relatedTarget)) menu.open = false;
});
