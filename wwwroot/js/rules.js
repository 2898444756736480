// Rules the server hands over once per page (the layout's page-rules block), so no script keeps a copy of its own:
// the relative-time steps in the reader's language, the pattern of an @mention being typed, the words of a comment
// count, and, per element,
// the forms of a counted text (data-plural, exact counts and "other", from PluralText.BrowserForms).
const rules = JSON.parse(document.getElementById("page-rules")?.textContent || "{}");

export const mentionFragment = new RegExp(rules.mention || "(?!)", "u");

// The words of a card's comment count ("3 Kommentare"), for live updates of the count.
export const commentForms = rules.comments || '{"other":"{0}"}';

// forms: {"=1": "1 Kommentar", "other": "{0} Kommentare"}; the server already turned the language's categories into exact counts.
export function plural(forms, n) {
  const parsed = typeof forms === "string" ? JSON.parse(forms) : forms;
  return (parsed[`=${n}`] ?? parsed.other).replaceAll("{0}", String(n));
}

// The server's TimeText steps: below each limit (seconds) the age counts in that unit; past the last one, the date it rendered.
export function relativeTime(time, now = Date.now()) {
  const seconds = (now - Date.parse(time.dateTime)) / 1000;
  const step = (rules.time || []).find(s => seconds < s.below);
  if (!step) return time.dataset.date || time.textContent;
  return step.unit ? step.text.replaceAll("{0}", String(Math.floor(seconds / step.unit))) : step.text;
}

export function refreshTimes(root) {
  root.querySelectorAll("time[data-relative]").forEach(t => { t.textContent = relativeTime(t); });
  // The server writes the exact time (the tooltip) in its own zone, which is often UTC; the reader's clock says it in theirs.
  root.querySelectorAll("time[datetime][title]:not([data-local])").forEach(t => {
    const at = Date.parse(t.dateTime);
    if (Number.isNaN(at)) return;
    t.title = exactTime.format(at);
    t.dataset.local = "";
  });
}

// The app's English is British, its dates too (WebSetup.Cultures).
const lang = document.documentElement.lang;
const exactTime = new Intl.DateTimeFormat(lang === "en" ? "en-GB" : lang || undefined, { dateStyle: "full", timeStyle: "short" });
