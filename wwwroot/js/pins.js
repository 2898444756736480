// Pins: the few posts a department's curators (or, on the company feed, executives and admins) put on top, in their
// order. Without this file every control is a form that posts and comes back. With it: moving and unpinning happen in
// place, pins can be dragged into order, and pushed changes move what is on screen instead of rebuilding it, so
// nothing the reader is looking at jumps and the focus stays where it was.
import { postForJson } from "./http.js";
import { fragment, keepPlace, whileBusy } from "./view.js";

const status = document.createElement("p");
status.className = "visually-hidden";
// A live region without role="status": the page's one status is the live connection's state.
status.setAttribute("aria-live", "polite");
document.body.append(status);

const items = section => [...section.querySelectorAll(":scope [data-pin-list] > li[data-pin-post]")];

// A department's page decides for all its sections (it follows appointments live); the feed's section for itself.
function mayCurate(section) {
  const page = section.closest("[data-department-page]");
  return (page ? page.dataset.mayCurate : section.dataset.mayCurate) === "true";
}

function prepare(section) {
  const allowed = mayCurate(section);
  section.dataset.mayCurate = String(allowed);
  section.querySelectorAll("[data-curate]").forEach(el => { el.hidden = !allowed; });
  const list = items(section);
  list.forEach((li, index) => {
    li.draggable = allowed;
    const [up, down] = li.querySelectorAll("form[data-pin-move] button");
    if (up) up.disabled = index === 0;
    if (down) down.disabled = index === list.length - 1;
  });
  // A pushed section was rendered for nobody in particular: its forms come back to this page.
  section.querySelectorAll('input[name="returnUrl"]').forEach(input => { input.value ||= location.pathname + location.search; });
  section.hidden = list.length === 0;
}

// Keeps the focus on the control that had it, or on its neighbour when it just became disabled (top or bottom).
function refocus(control) {
  if (!control?.isConnected) return;
  const target = control.disabled ? control.closest(".pin-controls")?.querySelector("form[data-pin-move] button:not(:disabled)") : control;
  if (target && document.activeElement !== target) target.focus({ preventScroll: true });
}

function announce(section, li) {
  const list = items(section);
  status.textContent = (section.dataset.labelMoved || "").replace("{n}", String(list.indexOf(li) + 1)).replace("{total}", String(list.length));
}

// A pushed section: the pins already shown are moved into the new order (their content refreshed), new ones come
// from the push, unpinned ones leave. Above the reader, the page below stays where it was.
function applyPushed(section, html) {
  const fresh = fragment(html);
  const wanted = [...fresh.querySelectorAll("[data-pin-list] > li[data-pin-post]")];
  const list = section.querySelector("[data-pin-list]");
  const focused = document.activeElement;
  keepPlace(section, () => {
    wanted.forEach((item, index) => {
      let node = list.querySelector(`:scope > li[data-pin-post="${item.dataset.pinPost}"]`);
      if (node) node.querySelector(".pin-body")?.replaceWith(item.querySelector(".pin-body"));
      else node = item;
      if (list.children[index] !== node) list.insertBefore(node, list.children[index] ?? null);
    });
    [...list.children].slice(wanted.length).forEach(gone => gone.remove());
    prepare(section);
  });
  refocus(focused instanceof HTMLButtonElement ? focused : null);
}

// A refusal (too many pins, a date in the past) in the page, at the pins or the control it is about, announced.
function showRefusal(place, message) {
  const owner = place.closest("section[data-pins]") ?? place;
  owner.querySelector(":scope [data-pin-error]")?.remove();
  if (!message) return;
  const note = document.createElement("p");
  note.className = "errors";
  note.dataset.pinError = "";
  note.setAttribute("role", "alert");
  note.textContent = message;
  if (owner === place && place instanceof HTMLFormElement) place.append(note); else owner.prepend(note);
}

// place: the form or the pin section the request came from, where a refusal is shown.
async function send(url, body, place) {
  const response = await postForJson(url, body);
  showRefusal(place, null);
  if (response.ok) return true;
  if (response.status === 400) {
    const problem = await response.json().catch(() => null);
    showRefusal(place, Object.values(problem?.errors || {}).flat().join(" ") || problem?.title || response.statusText);
  } else {
    // A right that ended meanwhile, or a pin that is gone: the page says what is true now.
    location.reload();
  }
  return false;
}

document.addEventListener("submit", async event => {
  const form = event.target;
  if (event.defaultPrevented || !(form instanceof HTMLFormElement) || !form.matches("[data-pin-move], [data-pin-remove], [data-pin-toggle]")) return;
  event.preventDefault();
  const button = event.submitter;
  const li = form.closest("li[data-pin-post]");
  const section = form.closest("section[data-pins]");
  const body = new FormData(form);
  body.delete("__RequestVerificationToken");
  if (form.matches("[data-pin-move]") && li && section) {
    // Moved at once; the push that follows confirms the order on every screen, this one included.
    const up = body.get("direction") === "up";
    const sibling = up ? li.previousElementSibling : li.nextElementSibling;
    if (!sibling) return;
    const before = items(section);
    sibling.insertAdjacentElement(up ? "beforebegin" : "afterend", li);
    prepare(section);
    refocus(button);
    announce(section, li);
    if (!await send(form.action, body, form).catch(() => false)) {
      before.forEach(item => item.parentElement.append(item));
      prepare(section);
      refocus(button);
    }
    return;
  }

  let ok = null;
  if (!await whileBusy(form, button, async () => { ok = await send(form.action, body, form).catch(() => null); })) return;
  if (ok === null) { form.submit(); return; }
  // The push shows the change; without a live connection the page shows it by loading again.
  if (ok && document.querySelector("[data-live-state]")?.dataset.state !== "live") location.reload();
});

// Drag and drop: the dragged pin follows the pointer through the list; letting go sends the whole new order.
let dragged = null;
let order = [];
document.addEventListener("dragstart", event => {
  const li = event.target.closest?.("li[data-pin-post]");
  if (!li?.draggable) return;
  dragged = li;
  order = items(li.closest("section[data-pins]"));
  li.classList.add("dragging");
  event.dataTransfer.effectAllowed = "move";
  event.dataTransfer.setData("text/plain", li.dataset.pinPost);
});
document.addEventListener("dragover", event => {
  const over = event.target.closest?.("li[data-pin-post]");
  if (!dragged || !over || over.parentElement !== dragged.parentElement) return;
  event.preventDefault();
  const box = over.getBoundingClientRect();
  if (over !== dragged) over.insertAdjacentElement(event.clientY > box.top + box.height / 2 ? "afterend" : "beforebegin", dragged);
});
document.addEventListener("drop", event => { if (dragged) event.preventDefault(); });
document.addEventListener("dragend", async () => {
  if (!dragged) return;
  const li = dragged;
  dragged = null;
  li.classList.remove("dragging");
  const section = li.closest("section[data-pins]");
  const now = items(section);
  prepare(section);
  if (now.every((item, index) => item === order[index])) return;
  announce(section, li);
  const body = new FormData();
  now.forEach(item => body.append("postIds", item.dataset.pinPost));
  if (!await send(section.dataset.orderUrl, body, section).catch(() => false)) {
    order.forEach(item => item.parentElement.append(item));
    prepare(section);
  }
});

document.addEventListener("intranet:live", ({ detail: { event, html } }) => {
  if (event.kind !== "department.pins" && event.kind !== "feed.pins") return;
  const place = event.kind === "feed.pins" ? "company" : String(event.targetId);
  const section = document.querySelector(`section[data-pins="${place}"]`);
  if (section && html) applyPushed(section, html);
});

// The department's page fetched its sections again (an appointment began or ended): the controls follow.
document.addEventListener("intranet:curation", () => document.querySelectorAll("section[data-pins]").forEach(prepare));
document.querySelectorAll("section[data-pins]").forEach(prepare);
