// Loaded in <head> of every page: marks the document as scripted, so the graphs and the
// timeline show and their list/table fallbacks (what a reader without JavaScript reads) stay too.
document.documentElement.classList.add("js");
