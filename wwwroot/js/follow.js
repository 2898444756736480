// Follow buttons toggle in place; without this file the form posts and the page comes back.
import { postForJson } from "./http.js";
import { whileBusy } from "./view.js";

document.addEventListener("submit", async event => {
  const form = event.target.closest?.("form[data-follow]");
  if (!form) return;
  event.preventDefault();
  const button = form.querySelector("button");
  const next = form.querySelector("[data-follow-next]");
  await whileBusy(form, button, async () => {
    try {
      const response = await postForJson(form.action, new FormData(form));
      if (!response.ok) { form.submit(); return; }
      const { following } = await response.json();
      button.setAttribute("aria-pressed", following ? "true" : "false");
      button.textContent = following ? button.dataset.labelOn : button.dataset.labelOff;
      next.value = following ? "false" : "true";
    } catch {
      form.submit();
    }
  });
});
