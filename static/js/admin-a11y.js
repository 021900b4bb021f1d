// Mends for parts of Django's admin that screen readers and axe find nameless: the bundled
// select2 (autocomplete fields), the filter boxes' search icons, and the theme switch (hidden
// in the template until this script runs, since without JavaScript it does nothing). Without
// JavaScript the fields are plain, labelled <select>s, so this only follows what scripts build.
(() => {
  const labelOf = (field) => {
    const label = field && field.id && document.querySelector(`label[for="${field.id}"]`);
    return label ? label.textContent.replace(/:\s*$/, "").trim() : "";
  };
  const mend = (root) => {
    for (const box of root.querySelectorAll(".select2-container")) {
      const name = labelOf(box.previousElementSibling);
      if (!name) continue;
      for (const part of box.querySelectorAll(
        ".select2-search__field:not([aria-label]), [role=combobox]:not([aria-label]), " +
          "[role=textbox]:not([aria-label])",
      )) {
        part.setAttribute("aria-label", name);
      }
      for (const list of box.querySelectorAll("ul.select2-selection__rendered")) {
        list.setAttribute("role", "none");
        for (const item of list.children) item.setAttribute("role", "none");
      }
    }
    for (const icon of root.querySelectorAll(".help-tooltip[aria-label]:not([role])")) {
      icon.setAttribute("role", "img");
    }
  };
  document.addEventListener("DOMContentLoaded", () => {
    for (const toggle of document.querySelectorAll(".theme-toggle[hidden]")) toggle.hidden = false;
    mend(document);
    new MutationObserver(() => mend(document)).observe(document.body, { childList: true, subtree: true });
  });
})();
