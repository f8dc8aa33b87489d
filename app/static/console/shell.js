// What both pages share: asking for the key once, showing who is signed in, showing errors.

import { forgetKey, graphql, rememberKey, storedKey } from "./api.js";

/** Resolves once this tab has a key (asked for once, then kept in session storage). */
export function withKey() {
  const form = document.getElementById("key-form");
  if (storedKey()) {
    return Promise.resolve(storedKey());
  }
  form.hidden = false;
  document.getElementById("key-input").focus();
  return new Promise((resolve) => {
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const key = document.getElementById("key-input").value;
      if (key.trim()) {
        rememberKey(key);
        form.hidden = true;
        resolve(storedKey());
      }
    });
  });
}

/** Show an API error in the page's error list (newest first); errors are never swallowed. */
export function showError(error) {
  const list = document.getElementById("errors");
  const item = document.createElement("li");
  item.textContent = `${new Date().toLocaleTimeString()} — ${error.message ?? error}`;
  list.prepend(item);
  while (list.children.length > 20) {
    list.lastElementChild.remove();
  }
  console.warn(error); // shown on the page already; errors in the console are the page's own faults
}

/** Fill the header with the key's name and role, and wire the "forget key" button. */
export async function showViewer() {
  document.getElementById("forget-key").addEventListener("click", () => {
    forgetKey();
    window.location.reload();
  });
  try {
    const { viewer } = await graphql("{ viewer { name role } }");
    document.getElementById("viewer").textContent = `${viewer.name} · ${viewer.role}`;
  } catch (error) {
    showError(error);
  }
}

/** A short-lived element: `tag` with `text` and optional class. */
export function element(tag, text = "", className = "") {
  const node = document.createElement(tag);
  node.textContent = text;
  if (className) {
    node.className = className;
  }
  return node;
}
