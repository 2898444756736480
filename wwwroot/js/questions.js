// Questions: a card whose question changed state is rendered again (post.question), an answer's helpful count follows
// live (comment.helpful), and answers that arrive live get this viewer's buttons: the fragment is the same for
// everyone, so "helpful" hides on one's own answer and "accept" shows where the page says the viewer may accept.
import { refreshFrom } from "./view.js";
import { replaceCard } from "./feed.js";

const me = document.querySelector('meta[name="user-id"]')?.content;
const page = document.querySelector("[data-post-page]");
const pageId = page ? Number(page.dataset.postPage) : null;
const mayAccept = document.querySelector("[data-may-accept]")?.dataset.mayAccept === "true";

function applyViewer(root) {
  root.querySelectorAll("[data-helpful-form]").forEach(f => { if (f.dataset.authorId === me) f.hidden = true; });
  if (mayAccept) root.querySelectorAll("[data-accept-form]").forEach(f => { f.hidden = false; });
}

// The question's state line and the order of its answers come from the page itself, so no second template exists here.
const refreshQuestion = () => refreshFrom(location.pathname, ["[data-post-page] [data-question-status]", "[data-thread]"]);

const thread = document.querySelector("[data-thread]");
if (thread) {
  new MutationObserver(records => records.forEach(r => r.addedNodes.forEach(n => { if (n instanceof Element) applyViewer(n); })))
    .observe(thread.parentElement, { childList: true, subtree: true });
}

document.addEventListener("intranet:live", ({ detail: { event: e, html } }) => {
  if (e.kind === "comment.helpful") {
    document.querySelectorAll(`[data-helpful-count="${e.targetId}"]`).forEach(s => { s.textContent = String(e.counts?.helpful ?? 0); });
  } else if (e.kind === "post.question") {
    replaceCard(e.targetId, html);
    if (pageId === e.targetId) refreshQuestion();
  }
});
