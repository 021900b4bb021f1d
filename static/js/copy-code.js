// A copy button beside each image code in the handbook page form (the code stays selectable text
// without JavaScript, so the button is only a convenience).
document.addEventListener("DOMContentLoaded", () => {
  for (const list of document.querySelectorAll(".image-picker")) {
    if (!navigator.clipboard) return;
    for (const code of list.querySelectorAll(".image-code")) {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "button";
      button.textContent = list.dataset.copy;
      button.setAttribute("aria-label", `${list.dataset.copy} ${code.textContent}`);
      button.addEventListener("click", async () => {
        await navigator.clipboard.writeText(code.textContent);
        button.textContent = list.dataset.copied;
      });
      code.after(" ", button);
    }
  }
});
