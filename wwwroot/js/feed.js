// Where cards and comments enter the page: pushed live, from the pill, or the writer's own post. One place, so
// nothing shows twice, whether or not the live connection is up.
import { plural } from "./rules.js";
import { fragment, kindButton, replaceKeepingFocus } from "./view.js";

const feed = document.querySelector("[data-feed]");
const pill = document.querySelector("[data-new-pill]");
const page = document.querySelector("[data-post-page]");
export const postId = page ? Number(page.dataset.postPage) : null;
const pending = [];

function updatePill() {
  if (!pill) return;
  pill.hidden = pending.length === 0;
  pill.textContent = plural(pill.dataset.plural, pending.length);
}

export function dropPending(id) {
  const index = pending.findIndex(c => c.id === id);
  if (index < 0) return;
  pending.splice(index, 1);
  updatePill();
}

// A card that arrived while the reader was further down waits behind the pill, newest first.
export function queueCard(card) {
  dropPending(card.id);
  pending.unshift(card);
  updatePill();
}

export function replacePending(id, card) {
  const waiting = pending.findIndex(c => c.id === id);
  if (waiting >= 0) pending[waiting] = card;
}

// A card rendered again (edited, restored, its question or idea round changed): on the page, and behind the pill.
export function replaceCard(id, html) {
  if (!html) return;
  const old = document.getElementById(`post-${id}`);
  if (old?.matches("article.card")) replaceKeepingMine(old, fragment(html));
  replacePending(`post-${id}`, fragment(html));
}

// The one way a card enters the feed: never twice.
export function placeCard(card, highlight) {
  dropPending(card.id);
  const existing = document.getElementById(card.id);
  if (existing) { replaceKeepingMine(existing, card); return; }
  feed.querySelector(".empty")?.remove();
  feed.prepend(card);
  if (highlight) card.classList.add("arrived");
}

export function replaceKeepingMine(old, fresh) {
  // The fragment knows nobody's own reactions: keep the reader's pressed state.
  old.querySelectorAll("button[name='kind'][aria-pressed='true']").forEach(b => {
    const bar = fresh.querySelector(`[data-reactions="${b.closest("[data-reactions]").dataset.reactions}"]`);
    if (bar) kindButton(bar, b.value)?.setAttribute("aria-pressed", "true");
  });
  // Nor anybody's vote: the reader's own poll stays, and live pushes keep its counts current (polls.js).
  const poll = old.querySelector("[data-poll]");
  if (poll) fresh.querySelector(`[data-poll="${poll.dataset.poll}"]`)?.replaceWith(poll);
  if (old.classList.contains("arrived")) fresh.classList.add("arrived");
  replaceKeepingFocus(old, fresh);
}

export function placeComment(el) {
  const existing = document.getElementById(el.id);
  if (existing) {
    // What the reader has open in the comment stays: its replies as they are, and a reply being written (its form
    // went with the old markup when the comment's own echo, or an edit, arrived after Reply was pressed).
    const replies = existing.querySelector(":scope > [data-replies-of]");
    const freshReplies = el.querySelector(":scope > [data-replies-of]");
    const writing = existing.querySelector(":scope > form");
    const focused = writing?.contains(document.activeElement) ? document.activeElement : null;
    if (replies && freshReplies) freshReplies.replaceWith(replies);
    if (writing) el.append(writing);
    replaceKeepingMine(existing, el);
    focused?.focus();
    return;
  }
  const parent = el.dataset.parentId;
  const target = parent ? document.querySelector(`[data-replies-of="${parent}"]`) : document.querySelector(`[data-thread="${postId}"]`);
  target?.append(el);
}

// Too much was missed to catch up: the pill offers a reload instead.
export function offerReload() {
  if (!pill) { location.reload(); return; }
  pending.length = 0;
  pill.hidden = false;
  pill.textContent = pill.dataset.labelReload || "↻";
  pill.dataset.reload = "true";
}

pill?.addEventListener("click", () => {
  if (pill.dataset.reload) { location.reload(); return; }
  if (pending.length === 0) return;
  const cards = pending.splice(0);
  cards.slice().reverse().forEach(card => placeCard(card, true));
  updatePill();
  // Keyboard and screen-reader users land on the newest post rather than on a button that just vanished.
  cards[0].tabIndex = -1;
  cards[0].focus({ preventScroll: true });
  const smooth = !window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  feed.scrollIntoView({ behavior: smooth ? "smooth" : "auto", block: "start" });
});
