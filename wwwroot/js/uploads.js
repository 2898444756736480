// Images in Markdown boxes (the toolbar's image button): the file goes to /uploads, which checks and re-encodes it,
// and its Markdown goes at the cursor on a line of its own. Without script the article editor links to /uploads/new,
// which shows the Markdown to copy.
import { postForJson } from "./http.js";

// An image on its own line renders as its own paragraph.
export function insertBlock(textarea, text) {
  const start = textarea.selectionStart ?? textarea.value.length;
  const end = textarea.selectionEnd ?? start;
  const before = textarea.value.slice(0, start);
  const after = textarea.value.slice(end);
  const prefix = before.length > 0 && !before.endsWith("\n") ? "\n\n" : "";
  const suffix = after.length > 0 && !after.startsWith("\n") ? "\n\n" : "";
  textarea.value = before + prefix + text + suffix + after;
  const cursor = (before + prefix + text).length;
  textarea.setSelectionRange(cursor, cursor);
  textarea.focus();
  textarea.dispatchEvent(new Event("input", { bubbles: true }));
}

// { markdown } when the upload took, { error } with the server's reason when it was refused.
export async function uploadImage(file) {
  const body = new FormData();
  body.append("image", file, file.name);
  body.append("description", file.name.replace(/\.[^.]*$/, ""));
  const response = await postForJson("/uploads", body);
  const result = await response.json().catch(() => null);
  if (response.ok && result?.markdown) return { markdown: result.markdown };
  return { error: result?.errors ? Object.values(result.errors).flat()[0] : null };
}
