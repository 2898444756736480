// Polls: a vote without leaving the page, counts kept live, and the poll closing at its time on an open page.
// Without this file a poll is a plain form that posts and comes back to the post.
import { postForJson } from "./http.js";
import { plural } from "./rules.js";
import { whileBusy } from "./view.js";

// As PercentText writes it: German with a space before the sign, English without.
const percentSign = document.documentElement.lang === "de" ? " %" : "%";

// The server's counts, as the vote's answer and every live push carry them: {"<option id>": n, ..., "voters": n}.
// Percentages are of the voters, rounded half away from zero as PollOptionView.Percent does.
function render(form, counts) {
  const voters = counts.voters || 0;
  form.querySelectorAll("[data-option-count]").forEach(el => {
    const n = counts[el.dataset.optionCount] || 0;
    el.textContent = `${plural(form.dataset.plural, n)} · ${voters ? Math.round(100 * n / voters) : 0}${percentSign}`;
  });
  form.querySelectorAll("[data-option-meter]").forEach(m => { m.max = Math.max(voters, 1); m.value = counts[m.dataset.optionMeter] || 0; });
  const total = form.querySelector("[data-poll-voters]");
  if (total) total.textContent = plural(total.dataset.plural, voters);
  const who = form.querySelector("[data-poll-who]");
  if (who) who.hidden = voters === 0;
}

function lockOptions(form) {
  form.querySelectorAll('input[name="options"]').forEach(i => { i.disabled = true; });
}

// An anonymous vote is final: the options stay as the person chose them on this page (the server keeps no ballot to show them later).
function showFinal(form) {
  lockOptions(form);
  const button = form.querySelector("[data-poll-submit]");
  const focused = button && button === document.activeElement;
  button?.remove();
  const done = form.querySelector("[data-poll-done]");
  if (done) done.hidden = false;
  // The button that had the focus is gone: the note that says why takes it, not the page's start.
  if (focused && done) { done.tabIndex = -1; done.focus(); }
}

function showRefusal(form, message) {
  let note = form.querySelector("[data-poll-error]");
  if (!message) { note?.remove(); return; }
  if (!note) {
    note = document.createElement("p");
    note.className = "field-error";
    note.setAttribute("role", "alert");
    note.dataset.pollError = "";
    form.querySelector("fieldset").after(note);
  }
  note.textContent = message;
}

function closeIfDue(form) {
  const closes = Number(form.dataset.closes || 0);
  if (!closes || closes > Date.now() || form.dataset.closed) return;
  form.dataset.closed = "true";
  lockOptions(form);
  form.querySelector(".poll-actions")?.remove();
  form.querySelector("[data-poll-closes]")?.setAttribute("hidden", "");
  form.querySelector("[data-poll-closed]")?.removeAttribute("hidden");
}

document.addEventListener("submit", async event => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement) || !form.matches("[data-poll]")) return;
  event.preventDefault();
  const button = form.querySelector("[data-poll-submit]");
  await whileBusy(form, button, () => vote(form, button));
});

async function vote(form, button) {
  try {
    const response = await postForJson(form.action, new FormData(form));
    if (response.ok) {
      const result = await response.json();
      render(form, result.counts);
      form.dataset.voted = "true";
      showRefusal(form, null);
      if (result.final) showFinal(form);
      else if (button) button.textContent = button.dataset.labelChange;
    } else if ([400, 404, 409].includes(response.status)) {
      const problem = await response.json().catch(() => null);
      showRefusal(form, problem?.title || "");
      if (response.status === 409 && form.dataset.anonymous === "true") showFinal(form);
    } else {
      form.submit(); // signed out, token expired: the server's own page says what to do
    }
  } catch {
    form.submit();
  }
}

document.addEventListener("intranet:live", event => {
  const e = event.detail.event;
  if (e.kind !== "poll.votes" || !e.counts) return;
  document.querySelectorAll(`[data-poll="${e.targetId}"]`).forEach(form => render(form, e.counts));
});

const checkAll = () => document.querySelectorAll("[data-poll][data-closes]").forEach(closeIfDue);
checkAll();
setInterval(checkAll, 15_000);
