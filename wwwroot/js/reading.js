// Reading lists: actions in place, keyboard shortcuts, compact mode. Every action is a
// plain form that works without this script; this only saves the page reload.
(() => {
  "use strict";
  const items = () => [...document.querySelectorAll("[data-link]")];
  let current = -1;

  const focus = (index) => {
    const all = items();
    if (all.length === 0) return;
    current = Math.max(0, Math.min(index, all.length - 1));
    all.forEach((el, i) => el.classList.toggle("link--current", i === current));
    all[current].focus({ preventScroll: false });
    all[current].scrollIntoView({ block: "nearest" });
  };

  const submitInPlace = async (form) => {
    const item = form.closest("[data-link]");
    const response = await fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      headers: { "X-Requested-With": "fetch" },
      credentials: "same-origin",
    });
    if (!response.ok) {
      form.submit();
      return;
    }
    if (form.dataset.remove === "true" && item && item.matches("li")) {
      const index = items().indexOf(item);
      const list = item.parentElement;
      item.remove();
      if (list && list.children.length === 0) list.closest(".link-source")?.remove();
      focus(index);
    } else {
      const button = form.querySelector("button");
      if (button) button.setAttribute("aria-pressed", "true");
      const status = document.createElement("p");
      status.className = "flash";
      status.setAttribute("role", "status");
      status.textContent = button ? button.textContent.trim() + " ✓" : "✓";
      document.querySelector("main")?.prepend(status);
      setTimeout(() => status.remove(), 3000);
    }
  };

  document.addEventListener("submit", (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.dataset.action) return;
    event.preventDefault();
    submitInPlace(form).catch(() => form.submit());
  });

  const act = (name) => {
    const item = items()[current];
    const form = item?.querySelector(`form[data-action="${name}"]`);
    if (form) form.requestSubmit();
  };

  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const target = event.target;
    if (target instanceof HTMLElement && target.closest("input, textarea, select, [contenteditable], dialog")) return;
    const dialog = document.querySelector("[data-shortcuts]");
    switch (event.key) {
      case "j": focus(current + 1); break;
      case "k": focus(current - 1); break;
      case "o": { const link = items()[current]?.querySelector("[data-open]"); if (link) link.click(); break; }
      case "r": act("read"); break;
      case "l": act("later"); break;
      case "d": act("dismiss"); break;
      case "?": if (dialog && !dialog.open) dialog.showModal(); break;
      default: return;
    }
    event.preventDefault();
  });

  document.querySelector("[data-shortcuts-open]")?.addEventListener("click", () => document.querySelector("[data-shortcuts]")?.showModal());

  const toggle = document.querySelector("[data-compact-toggle]");
  const setCompact = (on) => {
    document.documentElement.classList.toggle("compact", on);
    toggle?.setAttribute("aria-pressed", on ? "true" : "false");
    try { localStorage.setItem("flusio-compact", on ? "1" : "0"); } catch { /* private mode */ }
  };
  try { setCompact(localStorage.getItem("flusio-compact") === "1"); } catch { /* private mode */ }
  toggle?.addEventListener("click", () => setCompact(!document.documentElement.classList.contains("compact")));

  // Focus by mouse or Tab makes that link the current one (indexes change as links leave).
  document.addEventListener("focusin", (event) => {
    const item = event.target instanceof Element ? event.target.closest("[data-link]") : null;
    if (!item) return;
    current = items().indexOf(item);
    items().forEach((other) => other.classList.toggle("link--current", other === item));
  });
})();
