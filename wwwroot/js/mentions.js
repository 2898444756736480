// @mention autocomplete for every composer textarea marked data-mentions (its value labels the list).
// Progressive enhancement: without this file "@handle" typed by hand works the same.
// The fragment being typed is found with the page rules' pattern: the server's own rule for where a mention starts,
// so "anna@example.org" never opens the list.
import { mentionFragment } from "./rules.js";

const MIN_CHARS = 2;
const DEBOUNCE_MS = 150;
let counter = 0;
let state = null; // { area, list, items, active, start, timer, controller, seq }

// The textarea is a combobox only while its list is open; otherwise it stays the plain multi-line textbox
// it is (a cloned reply form may carry attributes of an open list, so they are reset on focus).
const COMBO = ["role", "aria-expanded", "aria-controls", "aria-activedescendant"];

function setup(area) {
  area.setAttribute("aria-autocomplete", "list");
  if (state?.area !== area) COMBO.forEach(a => area.removeAttribute(a));
}

function close() {
  if (!state) return;
  clearTimeout(state.timer);
  state.controller?.abort();
  state.list?.remove();
  COMBO.forEach(a => state.area.removeAttribute(a));
  state = null;
}

function fragmentAt(area) {
  if (area.selectionStart !== area.selectionEnd) return null;
  const before = area.value.slice(0, area.selectionStart);
  const match = mentionFragment.exec(before);
  if (!match || match[1].length < MIN_CHARS) return null;
  return { start: before.length - match[1].length - 1, text: match[1] };
}

function onInput(area) {
  const fragment = fragmentAt(area);
  if (!fragment) { close(); return; }
  if (state && state.area !== area) close();
  state ??= { area, list: null, items: [], active: -1, seq: 0 };
  state.start = fragment.start;
  clearTimeout(state.timer);
  const s = state;
  s.timer = setTimeout(() => fetchSuggestions(s, fragment.text), DEBOUNCE_MS);
}

async function fetchSuggestions(s, text) {
  s.controller?.abort();
  s.controller = new AbortController();
  const seq = ++s.seq;
  let people;
  try {
    const response = await fetch(`/people/suggest?q=${encodeURIComponent(text)}`,
      { headers: { Accept: "application/json" }, credentials: "same-origin", signal: s.controller.signal });
    if (!response.ok) return;
    people = await response.json();
  } catch {
    return;
  }

  if (state !== s || seq !== s.seq) return; // closed meanwhile, or a newer request is on its way
  if (!Array.isArray(people) || people.length === 0) { close(); return; }
  render(s, people, text);
}

function render(s, people, text) {
  if (!s.list) {
    s.list = document.createElement("ul");
    s.list.id = `mentions-list-${++counter}`;
    s.list.className = "mention-list";
    s.list.setAttribute("role", "listbox");
    s.list.setAttribute("aria-label", s.area.dataset.mentions || "@");
    s.list.addEventListener("mousedown", e => e.preventDefault()); // keep the focus in the textarea
    s.list.addEventListener("click", e => {
      const option = e.target.closest?.("[role=option]");
      if (option) choose(Number(option.dataset.index));
    });
    s.area.after(s.list);
    s.area.setAttribute("aria-controls", s.list.id);
  }

  // The first suggestion is selected as the list opens, so Enter or Tab takes it as in any other @ list. A late
  // answer must not move the reader's choice: the same person stays selected if still offered.
  const chosen = s.items[s.active]?.id;
  s.items = people.slice(0, 8);
  s.active = Math.max(0, s.items.findIndex(p => p.id === chosen));
  s.list.dataset.query = text;
  s.list.replaceChildren(...s.items.map((p, i) => {
    const li = document.createElement("li");
    li.id = `${s.list.id}-${i}`;
    li.setAttribute("role", "option");
    li.setAttribute("aria-selected", String(i === s.active));
    li.dataset.index = String(i);
    const name = document.createElement("span");
    name.className = "mention-name";
    name.textContent = p.name;
    const handle = document.createElement("span");
    handle.className = "mention-handle";
    handle.textContent = `@${p.handle}`;
    const meta = document.createElement("span");
    meta.className = "mention-meta";
    meta.textContent = [p.title, p.department].filter(Boolean).join(" · ");
    li.append(name, handle, meta);
    return li;
  }));
  s.area.setAttribute("role", "combobox");
  s.area.setAttribute("aria-expanded", "true");
  if (s.active >= 0) s.area.setAttribute("aria-activedescendant", `${s.list.id}-${s.active}`);
  else s.area.removeAttribute("aria-activedescendant");
}

function move(by) {
  const count = state.items.length;
  state.active = state.active < 0 ? (by > 0 ? 0 : count - 1) : (state.active + by + count) % count;
  state.list.querySelectorAll("[role=option]").forEach((li, i) => li.setAttribute("aria-selected", String(i === state.active)));
  const active = state.list.children[state.active];
  state.area.setAttribute("aria-activedescendant", active.id);
  active.scrollIntoView({ block: "nearest" });
}

function choose(index) {
  const person = state?.items[index];
  if (!person) return;
  const area = state.area;
  const insert = `@${person.handle} `;
  const end = area.selectionStart;
  area.setRangeText(insert, state.start, end, "end");
  close();
  area.focus();
  area.dispatchEvent(new Event("input", { bubbles: true }));
}

document.addEventListener("focusin", e => {
  if (e.target instanceof HTMLTextAreaElement && e.target.matches("[data-mentions]")) setup(e.target);
});

document.addEventListener("input", e => {
  if (e.target instanceof HTMLTextAreaElement && e.target.matches("[data-mentions]")) onInput(e.target);
});

document.addEventListener("keydown", e => {
  if (!state?.list || e.target !== state.area || e.isComposing) return;
  switch (e.key) {
    case "ArrowDown": e.preventDefault(); move(1); break;
    case "ArrowUp": e.preventDefault(); move(-1); break;
    case "Enter":
    case "Tab":
      if (state.active >= 0) { e.preventDefault(); choose(state.active); } else close();
      break;
    case "Escape": e.preventDefault(); e.stopPropagation(); close(); break;
  }
});

// Moving the caret away from the fragment (click, Home, arrows left/right) closes the list.
document.addEventListener("keyup", e => {
  if (state && e.target === state.area && ["ArrowLeft", "ArrowRight", "Home", "End"].includes(e.key) && !fragmentAt(state.area)) close();
});
document.addEventListener("click", e => {
  if (state && !state.list?.contains(e.target) && (e.target !== state.area || !fragmentAt(state.area))) close();
});
document.addEventListener("focusout", e => {
  if (state && e.target === state.area) setTimeout(() => { if (state && document.activeElement !== state.area) close(); }, 0);
});
document.addEventListener("submit", () => close(), true);
