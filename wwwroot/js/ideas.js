// Idea rounds: a round's card is rendered again when it changes (post.ideas); on the round's own page the meta line
// and the ranking come from the page itself, so no second template exists here, and the form for a new idea is left
// alone. Support is sent without a reload; the ranking then follows from the page.
import { refreshFrom, whileBusy } from "./view.js";
import { replaceCard } from "./feed.js";
import { postForJson } from "./http.js";

const round = document.querySelector("[data-idea-round]");
const roundId = round ? Number(round.dataset.ideaRound) : null;
const refreshRound = () => refreshFrom(location.pathname, ["[data-idea-meta]", "[data-idea-list]"]);

document.addEventListener("intranet:live", ({ detail: { event: e, html } }) => {
  if (e.kind !== "post.ideas") return;
  replaceCard(e.targetId, html);
  if (roundId === e.targetId) refreshRound();
});

document.addEventListener("submit", async event => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement) || !form.matches("[data-idea-support]")) return;
  event.preventDefault();
  await whileBusy(form, form.querySelector("button"), async () => {
    const response = await postForJson(form.action, new FormData(form));
    const error = round?.querySelector("[data-idea-error]");
    if (error) {
      const problem = response.ok ? null : await response.json().catch(() => null);
      error.hidden = response.ok;
      error.textContent = response.ok ? "" : problem?.title ?? response.statusText;
    }
    await refreshRound();
  });
});
