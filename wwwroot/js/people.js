// The directory filters as you type: the same GET the form sends, asking for the results alone.
// Without this file the form's Search button does the same with a page load.
const form = document.querySelector("[data-directory]");
const results = document.querySelector("[data-directory-results]");
if (form && results) {
  let timer = 0;
  let latest = 0;

  async function refresh() {
    const params = new URLSearchParams(new FormData(form));
    const pageUrl = form.action + "?" + params.toString();
    params.set("partial", "true");
    const request = ++latest;
    const response = await fetch(form.action + "?" + params.toString(), { credentials: "same-origin" }).catch(() => null);
    // An older, slower answer must not overwrite the results of what was typed since.
    if (!response?.ok || request !== latest) return;
    const html = await response.text();
    if (request !== latest) return;
    const parsed = new DOMParser().parseFromString(html, "text/html");
    const status = results.querySelector("[data-result-count]");
    const fresh = parsed.querySelector("[data-result-count]");
    // The live region stays in the page, so screen readers announce the new count; the rest is replaced.
    [...results.children].forEach(child => { if (child !== status) child.remove(); });
    [...parsed.body.children].forEach(child => { if (!child.matches("[data-result-count]")) results.append(document.adoptNode(child)); });
    if (status && fresh) status.textContent = fresh.textContent;
    history.replaceState(null, "", pageUrl);
  }

  const schedule = () => { clearTimeout(timer); timer = setTimeout(refresh, 250); };
  form.querySelector('input[name="q"]')?.addEventListener("input", schedule);
  form.querySelector('select[name="department"]')?.addEventListener("change", schedule);
  form.addEventListener("submit", event => { event.preventDefault(); clearTimeout(timer); refresh(); });
}
