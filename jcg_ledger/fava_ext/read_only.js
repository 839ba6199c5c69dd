// jcg serve (read-only): the editor, import and add-entry controls leave the page, and
// their keyboard shortcuts do nothing. Injected by jcg_ledger/fava_ext/guard.py before
// Fava's own script, which builds the sidebar in the browser. The server refuses those
// routes anyway (403); this takes away the controls that lead to them.
(() => {
  "use strict";
  const BLOCKED_PATH = /\/(?:editor|import)\/$/;
  const BLOCKED_HASH = "#add-transaction";
  // Fava's shortcuts: "n" adds an entry, "g e" opens the editor, "g n" the importer.
  const BLOCKED_KEYS = new Set(["n", "g e", "g n"]);

  const blocked = (anchor) => {
    const href = anchor.getAttribute("href");
    if (href == null) return false;
    if (href === BLOCKED_HASH) return true;
    try {
      return BLOCKED_PATH.test(new URL(href, window.location.href).pathname);
    } catch {
      return false;
    }
  };
  const prune = (root) => {
    if (!(root instanceof Element) && root !== document) return;
    const anchors = root instanceof HTMLAnchorElement ? [root] : [];
    anchors.push(...root.querySelectorAll("a[href]"));
    for (const anchor of anchors) {
      if (!blocked(anchor)) continue;
      if (anchor.closest("aside, header, nav") || anchor.getAttribute("href") === BLOCKED_HASH) {
        anchor.remove(); // a control: gone
      } else {
        anchor.removeAttribute("href"); // a source location in a page: text, not a link
        anchor.dataset.jcgReadOnly = "";
      }
    }
  };
  new MutationObserver((records) => {
    for (const record of records) {
      if (record.type === "attributes") prune(record.target);
      for (const node of record.addedNodes) prune(node);
    }
  }).observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ["href"] });

  // The add-entry form opens on the URL fragment #add-transaction: drop the fragment.
  const dropHash = () => {
    if (window.location.hash === BLOCKED_HASH) {
      window.history.replaceState(window.history.state, "", window.location.pathname + window.location.search);
    }
  };
  dropHash();
  window.addEventListener("popstate", dropHash, true);
  window.addEventListener("hashchange", dropHash, true);
  window.navigation?.addEventListener("navigate", (event) => {
    if (new URL(event.destination.url).hash === BLOCKED_HASH) {
      event.stopImmediatePropagation();
      if (event.cancelable) event.preventDefault();
    }
  });

  // Keyboard: swallow the shortcuts before Fava's listener (on document) sees them.
  const editable = (el) =>
    el instanceof HTMLInputElement ||
    el instanceof HTMLSelectElement ||
    el instanceof HTMLTextAreaElement ||
    (el instanceof HTMLElement && el.isContentEditable);
  let last = "";
  window.addEventListener(
    "keydown",
    (event) => {
      if (editable(event.target)) return;
      let key = event.key;
      if (event.metaKey) key = `Meta+${key}`;
      if (event.altKey) key = `Alt+${key}`;
      if (event.ctrlKey) key = `Control+${key}`;
      const pair = `${last} ${key}`;
      if (!["Alt", "Control", "Shift"].includes(event.key)) last = key;
      if (BLOCKED_KEYS.has(pair) || BLOCKED_KEYS.has(key)) {
        event.preventDefault();
        event.stopImmediatePropagation();
      }
    },
    true,
  );
})();
