// A preview beside each Markdown field marked with data-preview-url (base/admin_tools.Drafts):
// the server renders and sanitises the text as a save would, so what shows is what readers get.
// Without JavaScript the form's "Förhandsgranska" button does the same at the page's address.
document.addEventListener("DOMContentLoaded", () => {
  const token = document.querySelector("[name=csrfmiddlewaretoken]");
  for (const field of document.querySelectorAll("textarea[data-preview-url]")) {
    const pane = document.createElement("section");
    pane.className = "live-preview";
    pane.setAttribute("aria-label", `${field.labels[0]?.textContent.replace(/:$/, "") ?? ""} (preview)`);
    pane.lang = document.documentElement.lang;
    field.after(pane);
    let timer;
    const update = async () => {
      const body = new URLSearchParams({ text: field.value, figures: field.dataset.previewFigures });
      const response = await fetch(field.dataset.previewUrl, {
        method: "POST",
        headers: { "X-CSRFToken": token ? token.value : "" },
        body,
        credentials: "same-origin",
      });
      if (response.ok) pane.innerHTML = await response.text();
    };
    field.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(update, 400);
    });
    update();
  }
});
