// Autosave for the article editor: while someone types, the form is saved as a draft at most every few seconds, and
// once more when the page is hidden or left (keepalive lets that last request outlive the page), so a reload or a
// closed tab loses nothing. The first save of a new article creates the draft: the server answers with the draft's
// addresses, and the page becomes the draft's own (its URL, the form's and the buttons' targets). Without script the
// "Save as draft" button posts the same form to the same address.
const form = document.querySelector("form[data-autosave]");
const interval = 3000;
// After a save the server could not take (read-only mode, a restart, no network), the text is tried again by itself:
// the storage comes back without anyone typing, and the author may have stopped typing long ago.
const retryAfter = 5000;

if (form) {
  const status = form.querySelector("[data-autosave-status]");
  let dirty = false;
  let timer = null;
  let last = 0;
  let pending = Promise.resolve();

  const show = (text) => { if (status) status.textContent = text; };

  const adopt = (saved) => {
    form.dataset.autosave = saved.saveUrl;
    form.action = saved.saveUrl;
    for (const button of form.querySelectorAll("[data-draft-url]")) {
      button.formAction = saved[button.dataset.draftUrl];
    }
    if (location.pathname !== saved.editUrl) history.replaceState(null, "", saved.editUrl);
  };

  const send = (keepalive) => {
    const body = new FormData(form);
    body.delete("preview");
    return fetch(form.dataset.autosave, { method: "POST", body, keepalive, headers: { Accept: "application/json" }, credentials: "same-origin" });
  };

  // Saves one after another, so a new article becomes one draft, not one per keystroke burst.
  const save = () => {
    if (!dirty) return pending;
    dirty = false;
    pending = pending.then(async () => {
      last = Date.now();
      let response = null;
      try {
        response = await send(false);
      } catch {
        // No answer at all.
      }
      if (response?.ok) {
        adopt(await response.json());
        // Typed on meanwhile: that is not saved yet, and the next save will say so.
        if (!dirty) show(form.dataset.saved);
        return;
      }
      dirty = true;
      // The server's words: what is wrong with the text (400, fixed by typing), or why it cannot write now (503:
      // read-only mode says why). Either way the text stays in the form.
      const problem = await response?.json().catch(() => null);
      show(Object.values(problem?.errors || {}).flat().join(" ") || problem?.detail || form.dataset.failed);
      if ((response === null || response.status >= 500) && timer === null) {
        timer = setTimeout(() => { timer = null; save(); }, retryAfter);
      }
    });
    return pending;
  };

  // A second after the first change at the soonest (a burst of typing is one save), and never sooner than the interval
  // after the last save.
  const changed = () => {
    dirty = true;
    show("");
    if (timer !== null) return;
    timer = setTimeout(() => { timer = null; save(); }, Math.max(1000, interval - (Date.now() - last)));
  };
  form.addEventListener("input", changed);

  // Typed before this script ran (a slow connection), or put back by the browser on returning to the page: what the
  // form shows is not saved yet.
  const edited = [...form.elements].some((field) => field.type !== "hidden" && field.type !== "file"
    && (field.type === "checkbox" || field.type === "radio" ? field.checked !== field.defaultChecked
      : "defaultValue" in field && field.value !== field.defaultValue));
  if (edited) changed();

  // An explicit submit saves (or publishes) the text itself: nothing may follow it as an autosave.
  form.addEventListener("submit", () => {
    dirty = false;
    clearTimeout(timer);
    timer = null;
  });

  const leave = () => {
    if (!dirty) return;
    dirty = false;
    send(true).catch(() => {});
  };
  document.addEventListener("visibilitychange", () => { if (document.visibilityState === "hidden") leave(); });
  window.addEventListener("pagehide", leave);
}
