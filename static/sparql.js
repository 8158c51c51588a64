// The /sparql page: YASGUI (from npm, static/vendor) on this endpoint, and a button per worked example
// that loads its query into the editor. Without JavaScript the examples still link to their results.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  const element = document.getElementById("yasgui");
  if (!element || typeof Yasgui === "undefined") return;
  const yasgui = new Yasgui(element, {
    requestConfig: { endpoint: element.dataset.endpoint, method: "POST" },
    copyEndpointOnNewTab: false,
    persistenceId: "zhiren-sparql",
  });
  for (const button of document.querySelectorAll("button.load-example")) {
    const query = document.querySelector(`pre[data-example="${button.dataset.example}"]`).textContent;
    button.hidden = false;
    button.addEventListener("click", () => {
      const tab = yasgui.getTab();
      tab.setQuery(query);
      element.scrollIntoView({ behavior: "smooth" });
    });
  }
});
