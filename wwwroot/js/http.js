// Talking to the app from script: the antiforgery token of the page, and "POST this form data, answer in JSON".
export const token = () => document.querySelector('meta[name="csrf-token"]')?.content || "";

export function postForJson(url, body) {
  if (!body.has("__RequestVerificationToken")) body.append("__RequestVerificationToken", token());
  return fetch(url, { method: "POST", body, headers: { Accept: "application/json" }, credentials: "same-origin" });
}
