// The formatting toolbar above every Markdown box (textarea[data-markdown]): its buttons and Ctrl/⌘+B, I and K put
// Markdown around the selection, so what is stored stays plain, portable text. The buttons and their words are a
// template the server renders in the reader's language, fetched from the address the layout names (and kept by the
// browser) only on a page with a Markdown box; a box for microposts (data-markdown="inline")
// keeps the inline ones, since a micropost shows headings, lists and quotes as typed. Without this file there is no
// toolbar and the box works as it does without it.
import { insertBlock, uploadImage } from "./uploads.js";

let template = null;

// Focus the box, select what is replaced, insert: execCommand keeps the browser's undo (Ctrl+Z) history, which
// setting the value would wipe out; setRangeText does the same where execCommand is gone.
function replace(area, start, end, text, selectStart, selectEnd) {
  area.focus();
  area.setSelectionRange(start, end);
  if (!document.execCommand("insertText", false, text)) {
    area.setRangeText(text, start, end);
    area.dispatchEvent(new Event("input", { bubbles: true }));
  }
  area.setSelectionRange(selectStart, selectEnd);
}

// **word** around the selection, or around nothing with the caret between; a second press takes the marks away.
function wrap(area, mark) {
  const { selectionStart: s, selectionEnd: e, value } = area;
  if (value.slice(s - mark.length, s) === mark && value.slice(e, e + mark.length) === mark) {
    replace(area, s - mark.length, e + mark.length, value.slice(s, e), s - mark.length, e - mark.length);
    return;
  }
  const selected = value.slice(s, e);
  if (selected.startsWith(mark) && selected.endsWith(mark) && selected.length >= 2 * mark.length) {
    const inner = selected.slice(mark.length, -mark.length);
    replace(area, s, e, inner, s, s + inner.length);
    return;
  }
  // Spaces selected along with a word stay outside the marks: "**word **" is not bold in Markdown.
  const lead = selected.match(/^\s*/)[0];
  const inner = selected.trim();
  const trail = inner ? selected.slice(lead.length + inner.length) : "";
  const start = s + lead.length + mark.length;
  replace(area, s, e, lead + mark + inner + mark + trail, start, start + inner.length);
}

function link(area) {
  const { selectionStart: s, selectionEnd: e, value } = area;
  const selected = value.slice(s, e).trim();
  if (/^(https?:\/\/|mailto:)\S+$/.test(selected)) {
    replace(area, s, e, `[](${selected})`, s + 1, s + 1); // the address is there: the caret waits for its words
  } else {
    const text = `[${selected}](https://)`;
    const url = s + selected.length + 3;
    if (selected) replace(area, s, e, text, url, url + "https://".length);
    else replace(area, s, e, text, s + 1, s + 1);
  }
}

// Line marks: each line of the selection gets the mark (numbers count up), or loses it when every line has it.
const LINES = {
  heading: { mark: () => "## ", has: /^#{1,6} / },
  list: { mark: () => "- ", has: /^[-*+] (?!\[[ xX]\] )/ },
  numbered: { mark: i => `${i + 1}. `, has: /^\d+[.)] / },
  task: { mark: () => "- [ ] ", has: /^[-*+] \[[ xX]\] / },
  quote: { mark: () => "> ", has: /^> ?/ },
};

function lines(area, kind) {
  const { mark, has } = LINES[kind];
  const { selectionStart: s, value } = area;
  // A selection that ends at the start of a line does not take that line along.
  const e = area.selectionEnd > s && value[area.selectionEnd - 1] === "\n" ? area.selectionEnd - 1 : area.selectionEnd;
  const start = value.lastIndexOf("\n", s - 1) + 1;
  const end = value.indexOf("\n", e) < 0 ? value.length : value.indexOf("\n", e);
  const old = value.slice(start, end).split("\n");
  const off = old.every(line => has.test(line));
  const text = old.map((line, i) => off ? line.replace(has, "") : mark(i) + line).join("\n");
  if (old.length === 1 && !off && old[0] === "") replace(area, start, end, text, start + text.length, start + text.length);
  else replace(area, start, end, text, start, start + text.length);
}

// Inline code in a line, a fenced block around several.
function code(area, inline) {
  const { selectionStart: s, selectionEnd: e, value } = area;
  const selected = value.slice(s, e);
  if (inline || !selected.includes("\n")) { wrap(area, "`"); return; }
  const before = s > 0 && value[s - 1] !== "\n" ? "\n" : "";
  const text = `${before}\`\`\`\n${selected.replace(/\n$/, "")}\n\`\`\``;
  replace(area, s, e, text, s + before.length + 4, s + text.length - 4);
}

async function image(toolbar, area, file) {
  const status = toolbar.querySelector("[data-image-status]");
  const button = toolbar.querySelector('[data-md="image"]');
  if (file.size > Number(toolbar.dataset.maxBytes)) { status.textContent = toolbar.dataset.tooLarge; return; }
  button.disabled = true;
  try {
    const result = await uploadImage(file);
    if (result.markdown) {
      insertBlock(area, result.markdown);
      status.textContent = toolbar.dataset.done;
    } else {
      status.textContent = result.error || toolbar.dataset.failed;
    }
  } catch {
    status.textContent = toolbar.dataset.failed;
  } finally {
    button.disabled = false;
  }
}

function run(action, area, toolbar) {
  const inline = area.dataset.markdown === "inline";
  switch (action) {
    case "bold": wrap(area, "**"); break;
    case "italic": wrap(area, "_"); break;
    case "link": link(area); break;
    case "code": code(area, inline); break;
    case "image": toolbar.querySelector("[data-image-file]").click(); break;
    default: if (LINES[action]) lines(area, action);
  }
}

// The box a toolbar serves is the one right after it: that holds in a reply form copied from the comment form too.
const areaOf = toolbar => toolbar.nextElementSibling instanceof HTMLTextAreaElement ? toolbar.nextElementSibling : null;
const toolbarOf = area => area.previousElementSibling?.matches("[data-md-toolbar]") ? area.previousElementSibling : null;

function attach(area) {
  if (!template || toolbarOf(area)) return;
  const toolbar = template.content.firstElementChild.cloneNode(true);
  if (area.dataset.markdown === "inline") toolbar.querySelectorAll("[data-block]").forEach(b => b.remove());
  toolbar.querySelectorAll("button").forEach((b, i) => { b.tabIndex = i === 0 ? 0 : -1; });
  area.before(toolbar);
  // The image button replaces the editor's "upload in a new tab" link, which is there for pages without script.
  area.form?.querySelectorAll("[data-image-link]").forEach(a => { a.hidden = true; });
}

document.addEventListener("click", e => {
  const button = e.target.closest?.("[data-md-toolbar] button[data-md]");
  if (!button) return;
  const toolbar = button.closest("[data-md-toolbar]");
  const area = areaOf(toolbar);
  if (area) run(button.dataset.md, area, toolbar);
});

document.addEventListener("change", e => {
  if (!e.target.matches?.("[data-md-toolbar] [data-image-file]")) return;
  const toolbar = e.target.closest("[data-md-toolbar]");
  const file = e.target.files?.[0];
  e.target.value = "";
  const area = areaOf(toolbar);
  if (file && area) image(toolbar, area, file);
});

// One tab stop for the whole toolbar; the arrow keys, Home and End move along it (the ARIA toolbar pattern).
document.addEventListener("keydown", e => {
  const button = e.target.closest?.("[data-md-toolbar] button");
  if (!button) return;
  const buttons = [...button.closest("[data-md-toolbar]").querySelectorAll("button")];
  const i = buttons.indexOf(button);
  const next = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: buttons.length - 1 }[e.key];
  if (next === undefined) return;
  e.preventDefault();
  const target = buttons[(next + buttons.length) % buttons.length];
  buttons.forEach(b => { b.tabIndex = b === target ? 0 : -1; });
  target.focus();
});

const SHORTCUTS = { b: "bold", i: "italic", k: "link" };
document.addEventListener("keydown", e => {
  if (!(e.target instanceof HTMLTextAreaElement) || !e.target.matches("[data-markdown]")) return;
  if (!(e.ctrlKey || e.metaKey) || e.altKey || e.shiftKey || e.isComposing) return;
  const action = SHORTCUTS[e.key.toLowerCase()];
  if (!action) return;
  e.preventDefault();
  run(action, e.target, toolbarOf(e.target));
});

const areas = document.querySelectorAll("textarea[data-markdown]");
const address = document.querySelector('meta[name="markdown-toolbar"]')?.content;
if (areas.length > 0 && address) {
  fetch(address, { credentials: "same-origin" })
    .then(response => response.ok ? response.text() : "")
    .then(html => {
      template = new DOMParser().parseFromString(html, "text/html").getElementById("markdown-toolbar");
      areas.forEach(attach);
    })
    .catch(() => {}); // no toolbar: the box works as it does without script
}
