// Follow buttons toggle in place; without this file the form posts and the page comes back.
(() => {
  "use strict";
  const token = () => document.querySelector('meta[name="csrf-token"]')?.content || "";

  document.addEventListener("submit", async event => {
    const form = event.target.closest?.("form[data-follow]");
    if (!form) return;
    event.preventDefault();
    const button = form.querySelector("button");
    const next = form.querySelector("[data-follow-next]");
    const body = new FormData(form);
    if (!body.has("__RequestVerificationToken")) body.append("__RequestVerificationToken", token());
    button.disabled = true;
    try {
      const response = await fetch(form.action, { method: "POST", body, headers: { Accept: "application/json" }, credentials: "same-origin" });
      if (!response.ok) { form.submit(); return; }
      const { following } = await response.json();
      button.setAttribute("aria-pressed", following ? "true" : "false");
      button.textContent = following ? button.dataset.labelOn : button.dataset.labelOff;
      next.value = following ? "false" : "true";
    } catch {
      form.submit();
    } finally {
      button.disabled = false;
    }
  });
})();
