// A department's page follows its department live: when its head, influencers or description change, the page asks
// the server for itself again and swaps those sections in place, so what this person may do is decided by the
// server once more (an influencer whose appointment ended loses the controls at once). The feed below keeps its place.
import { applyViewer, keepPlace } from "./view.js";
import { refreshTimes } from "./rules.js";

const page = document.querySelector("[data-department-page]");
if (page) follow(page);

function follow(page) {
  const id = Number(page.dataset.departmentPage);
  let refreshing = null;

  // Which sections a change touches: pins reorder the guide library too (pins.js moves the pins themselves).
  const sectionsOf = { "department.people": null, "department.description": null, "department.pins": ["guides"] };
  let wanted = new Set();

  async function refresh() {
    const only = wanted;
    wanted = new Set();
    const response = await fetch(location.pathname + location.search, { credentials: "same-origin" });
    if (!response.ok) return;
    const doc = new DOMParser().parseFromString(await response.text(), "text/html");
    const fresh = doc.querySelector("[data-department-page]");
    if (!fresh) return;
    const focused = document.activeElement?.id;
    page.dataset.mayCurate = fresh.dataset.mayCurate;
    page.querySelectorAll("[data-department-section]").forEach(old => {
      if (!only.has("*") && !only.has(old.dataset.departmentSection)) return;
      const next = doc.querySelector(`[data-department-section="${old.dataset.departmentSection}"]`);
      if (!next) return;
      applyViewer(next);
      refreshTimes(next);
      keepPlace(old, () => old.replaceWith(document.adoptNode(next)));
    });
    page.dispatchEvent(new CustomEvent("intranet:curation", { bubbles: true }));
    if (focused && !document.activeElement?.id) document.getElementById(focused)?.focus({ preventScroll: true });
  }

  // One refresh at a time; a change that arrives meanwhile asks for one more, since the page in flight may predate it.
  let again = false;
  function schedule() {
    if (refreshing) { again = true; return; }
    refreshing = refresh().catch(() => {}).finally(() => {
      refreshing = null;
      if (again) { again = false; schedule(); }
    });
  }

  document.addEventListener("intranet:live", ({ detail: { event } }) => {
    if (!(event.kind in sectionsOf)) return;
    // Events name their department by targetId; other departments' events arrive during a catch-up.
    if (event.targetId !== id) return;
    (sectionsOf[event.kind] ?? ["*"]).forEach(s => wanted.add(s));
    schedule();
  });
}
