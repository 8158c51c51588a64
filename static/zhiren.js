// Loaded in <head> of every page: marks the document as scripted, so the graphs and the
// timeline show and their list/table fallbacks (what a reader without JavaScript reads) stay too.
document.documentElement.classList.add("js");

// Names as one types in the header's search box: /api/suggest (any script or romanisation, at most
// ten persons) listed under the box, each a link to the person's page. Without JavaScript, or when
// the API does not answer, the box is a plain search form.
document.addEventListener("DOMContentLoaded", () => {
  const form = document.querySelector("header form[data-suggest]");
  const box = form && form.querySelector("input[name=q]");
  if (!box) return;
  const list = document.createElement("ul");
  list.className = "suggestions";
  list.id = "name-suggestions";
  list.hidden = true;
  form.append(list);
  box.setAttribute("aria-controls", list.id);
  box.setAttribute("autocomplete", "off");
  const show = (suggestions) => {
    list.replaceChildren(...suggestions.map((s) => {
      const link = document.createElement("a");
      link.href = form.dataset.person + encodeURIComponent(s.id);
      link.textContent = s.name === s.title ? s.title : `${s.title}（${s.name}）`;
      const item = document.createElement("li");
      item.append(link);
      return item;
    }));
    list.hidden = suggestions.length === 0;
  };
  let latest = "";
  box.addEventListener("input", async () => {
    const prefix = box.value.trim();
    latest = prefix;
    if (!prefix) return show([]);
    try {
      const response = await fetch(`${form.dataset.suggest}?q=${encodeURIComponent(prefix)}`);
      if (!response.ok || prefix !== latest) return; // a later keystroke has asked again
      show((await response.json()).suggestions);
    } catch {
      show([]);
    }
  });
  box.addEventListener("keydown", (event) => {
    if (event.key === "Escape") show([]);
    if (event.key === "ArrowDown" && !list.hidden) {
      event.preventDefault();
      list.querySelector("a").focus();
    }
  });
  list.addEventListener("keydown", (event) => {
    const links = [...list.querySelectorAll("a")];
    const at = links.indexOf(document.activeElement);
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      const next = at + (event.key === "ArrowDown" ? 1 : -1);
      (next < 0 ? box : links[Math.min(next, links.length - 1)]).focus();
    } else if (event.key === "Escape") {
      show([]);
      box.focus();
    }
  });
  document.addEventListener("click", (event) => {
    if (!form.contains(event.target)) show([]);
  });
});
