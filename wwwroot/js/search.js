// The top bar's search box: "/" focuses it, and suggestions appear as someone types (people, topics, departments,
// then posts), chosen with the arrow keys and Enter. Progressive enhancement: without this file the box is a plain
// GET form whose Enter opens the results page.
const DEBOUNCE_MS = 120;
const box = document.querySelector("[data-search-box]");
const list = document.querySelector("[data-search-suggestions]");
if (box && list) setup();
markFound(document.querySelector("[data-post-body][data-highlight]"));

// A post opened from a search result: the words the server found in its text are wrapped in <mark>, as text nodes
// split around them (the stored HTML is never parsed here), and the first is scrolled into view.
function markFound(body) {
  if (!body?.dataset.highlight) return;
  const words = new Set(JSON.parse(body.dataset.highlight));
  const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
  const nodes = [];
  while (walker.nextNode()) nodes.push(walker.currentNode);
  for (const node of nodes) {
    const parts = node.nodeValue.normalize("NFC").split(/([\p{L}\p{N}]+)/u);
    if (!parts.some(p => words.has(p))) continue;
    const replaced = document.createDocumentFragment();
    for (const part of parts) {
      if (words.has(part)) {
        const mark = document.createElement("mark");
        mark.textContent = part;
        replaced.append(mark);
      } else if (part) {
        replaced.append(part);
      }
    }
    node.replaceWith(replaced);
  }
  body.querySelector("mark")?.scrollIntoView({ block: "center" });
}

function setup() {
  let timer = 0;
  let controller = null;
  let seq = 0;
  let active = -1;

  const options = () => [...list.querySelectorAll("[role=option]")];

  function close() {
    clearTimeout(timer);
    controller?.abort();
    list.hidden = true;
    list.replaceChildren();
    active = -1;
    box.setAttribute("aria-expanded", "false");
    box.removeAttribute("aria-activedescendant");
  }

  function select(index) {
    const all = options();
    if (all.length === 0) return;
    active = (index + all.length) % all.length;
    all.forEach((o, i) => o.setAttribute("aria-selected", i === active ? "true" : "false"));
    box.setAttribute("aria-activedescendant", all[active].id);
    all[active].scrollIntoView({ block: "nearest" });
  }

  function render(groups) {
    list.replaceChildren();
    active = -1;
    let n = 0;
    for (const group of groups) {
      const heading = document.createElement("div");
      heading.className = "suggest-group";
      heading.setAttribute("role", "presentation");
      heading.textContent = group.name;
      list.append(heading);
      for (const item of group.items) {
        const option = document.createElement("a");
        option.id = `search-suggestion-${n++}`;
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.href = item.url;
        option.tabIndex = -1;
        const label = document.createElement("span");
        label.textContent = item.label;
        option.append(label);
        if (item.meta) {
          const meta = document.createElement("span");
          meta.className = "meta";
          meta.textContent = item.meta;
          option.append(meta);
        }
        list.append(option);
      }
    }
    const open = n > 0;
    list.hidden = !open;
    box.setAttribute("aria-expanded", open ? "true" : "false");
    box.removeAttribute("aria-activedescendant");
  }

  async function suggest(text, mine) {
    controller?.abort();
    controller = new AbortController();
    try {
      const response = await fetch(`/search/suggest?q=${encodeURIComponent(text)}`,
        { headers: { Accept: "application/json" }, credentials: "same-origin", signal: controller.signal });
      if (!response.ok || mine !== seq) return;
      render(await response.json());
    } catch {
      // Aborted by newer typing, or offline: the form still works with Enter.
    }
  }

  box.addEventListener("input", () => {
    const text = box.value.trim();
    clearTimeout(timer);
    if (text.length < 2) { close(); return; }
    const mine = ++seq;
    timer = setTimeout(() => suggest(text, mine), DEBOUNCE_MS);
  });

  box.addEventListener("keydown", e => {
    if (list.hidden) return;
    if (e.key === "ArrowDown") { e.preventDefault(); select(active + 1); }
    else if (e.key === "ArrowUp") { e.preventDefault(); select(active - 1); }
    else if (e.key === "Escape") { e.preventDefault(); close(); }
    else if (e.key === "Enter" && active >= 0) { e.preventDefault(); window.location.assign(options()[active].href); }
  });

  box.addEventListener("blur", () => setTimeout(() => { if (!list.contains(document.activeElement)) close(); }, 150));
  list.addEventListener("mousedown", e => e.preventDefault());

  document.addEventListener("keydown", e => {
    if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey) return;
    const target = e.target;
    if (target instanceof HTMLElement && (target.isContentEditable || target.closest("input, textarea, select"))) return;
    e.preventDefault();
    box.focus();
    box.select();
  });
}
