// Progressive enhancement only: every feature works without this file.
document.querySelectorAll("[data-print]").forEach((button) => {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
});

// Search suggestions while typing: the WAI-ARIA combobox pattern (list autocomplete, nothing
// chosen until the reader chooses). The field stays a plain search field without this script.
// The texts come from the template (data-suggest-*), in the page's language.
document.querySelectorAll("input[data-suggest]").forEach((input) => {
  const list = document.createElement("ul");
  const status = document.createElement("span");
  let options = [];
  let active = -1;
  let timer = null;
  let asked = "";
  let asking = 0; // the number of the latest request: only its answer is shown

  list.id = `${input.id}-suggestions`;
  list.className = "suggestions";
  list.setAttribute("role", "listbox");
  list.setAttribute("aria-label", input.dataset.suggestLabel);
  list.hidden = true;
  status.className = "visually-hidden";
  // A live region, not role=status: the page's own status messages stay the only ones.
  status.setAttribute("aria-live", "polite");
  status.setAttribute("aria-atomic", "true");
  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-expanded", "false");
  input.setAttribute("aria-controls", list.id);
  input.after(list, status);

  const choose = (index) => {
    active = index;
    options.forEach((option, i) => option.setAttribute("aria-selected", String(i === index)));
    if (index < 0) {
      input.removeAttribute("aria-activedescendant");
    } else {
      input.setAttribute("aria-activedescendant", options[index].id);
      options[index].scrollIntoView({ block: "nearest" });
    }
  };
  const close = () => {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    choose(-1);
  };
  const open = () => {
    if (options.length) {
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }
  };
  const go = (option) => {
    window.location.assign(option.dataset.url);
  };
  const show = (suggestions) => {
    list.replaceChildren();
    options = suggestions.map((suggestion, i) => {
      const option = document.createElement("li");
      const title = document.createElement("span");
      const kind = document.createElement("span");
      option.id = `${list.id}-${i}`;
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", "false");
      option.dataset.url = suggestion.url;
      title.textContent = suggestion.title;
      kind.className = "kind";
      kind.textContent = suggestion.kind;
      option.append(title, kind);
      // Keep the focus in the field while the pointer chooses.
      option.addEventListener("mousedown", (event) => event.preventDefault());
      option.addEventListener("click", () => go(option));
      list.append(option);
      return option;
    });
    choose(-1);
    const count = options.length;
    status.textContent = count === 0 ? input.dataset.suggestNone
      : count === 1 ? input.dataset.suggestOne
        : input.dataset.suggestMany.replace("{n}", count);
    if (count) {
      open();
    } else {
      close();
    }
  };
  const ask = () => {
    const text = input.value.trim();
    if (text === asked) {
      return;
    }
    asked = text;
    if (text.length < 2) {
      show([]);
      status.textContent = "";
      return;
    }
    asking += 1;
    const number = asking;
    fetch(`${input.dataset.suggest}?q=${encodeURIComponent(text)}`, { headers: { Accept: "application/json" } })
      .then((response) => (response.ok ? response.json() : { suggestions: [] }))
      .then((answer) => {
        if (number === asking) {
          show(answer.suggestions || []);
        }
      })
      .catch(() => {
        if (number === asking) {
          show([]);
        }
      });
  };

  input.addEventListener("input", () => {
    // What was chosen belonged to the old text: Enter now searches for what is typed.
    choose(-1);
    clearTimeout(timer);
    timer = setTimeout(ask, 150);
  });
  input.addEventListener("keydown", (event) => {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (!options.length) {
        return;
      }
      event.preventDefault();
      if (list.hidden) {
        open();
        if (!event.altKey) {
          choose(event.key === "ArrowDown" ? 0 : options.length - 1);
        }
        return;
      }
      const last = options.length - 1;
      if (event.key === "ArrowDown") {
        choose(active >= last ? 0 : active + 1);
      } else {
        choose(active <= 0 ? last : active - 1);
      }
    } else if (event.key === "Enter" && !list.hidden && active >= 0) {
      event.preventDefault();
      go(options[active]);
    } else if (event.key === "Escape") {
      if (!list.hidden) {
        event.preventDefault();
        close();
      } else if (input.value) {
        event.preventDefault();
        input.value = "";
        asked = "";
      }
    } else if (event.key === "Tab") {
      close();
    }
  });
  input.addEventListener("blur", close);
});
