// Anonymous questions: the moderators' queue fetches itself again when the server says it changed (a push to the
// admins only); the asker's private page asks again every half minute, since joining a live group for one
// question would tie the connection, and its person, to it.
async function refresh(selector) {
  const response = await fetch(location.pathname, { credentials: "same-origin" });
  if (!response.ok) return;
  const fresh = new DOMParser().parseFromString(await response.text(), "text/html").querySelector(selector);
  const current = document.querySelector(selector);
  // A moderator typing a reason keeps it: the queue waits until the field is left.
  if (!fresh || !current || current.contains(document.activeElement) && document.activeElement.matches("textarea")) return;
  current.replaceWith(fresh);
}

if (document.querySelector("[data-question-queue]")) {
  document.addEventListener("intranet:questions", () => refresh("[data-question-queue]"));
}

if (document.querySelector("[data-question-status]")) {
  setInterval(() => refresh("[data-question-status]"), 30_000);
}
