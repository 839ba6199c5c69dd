// jcg serve: each ^link shown in Fava's journal gets a jump (⇄) to the 项目全程 page's trail
// of that link, which lists the entries carrying it in every book (city, platform, fund) with a
// jump to each. Injected by jcg_ledger/fava_ext/guard.py beside read_only.js.
(() => {
  "use strict";
  const slug = () => window.location.pathname.split("/")[1] || "";
  const mark = (root) => {
    if (!(root instanceof Element) && root !== document) return;
    const spans = root instanceof HTMLElement && root.matches("span.link") ? [root] : [];
    spans.push(...root.querySelectorAll("span.link"));
    for (const span of spans) {
      if (span.dataset.jcgJump != null) continue;
      const link = span.textContent.trim().replace(/^\^/, "");
      if (!/^[A-Za-z0-9][A-Za-z0-9._\/-]*$/.test(link)) continue;
      span.dataset.jcgJump = "";
      const jump = document.createElement("a");
      jump.className = "jcg-jump";
      jump.textContent = " ⇄";
      jump.title = "各账套中的该关联 this link in every book";
      jump.href = `/${slug()}/extension/JcgProject/?link=${encodeURIComponent(link)}`;
      span.after(jump);
    }
  };
  new MutationObserver((records) => {
    for (const record of records) for (const node of record.addedNodes) mark(node);
  }).observe(document, { childList: true, subtree: true });
  document.addEventListener("DOMContentLoaded", () => mark(document));
})();
