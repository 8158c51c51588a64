// The person page's kinship tree, correspondence network and timeline, drawn from the JSON the
// page embeds (the same facts its lists and tables show to a reader without JavaScript).
// Libraries: cytoscape and vis-timeline from npm (static/vendor, see static/vendor.mjs).
"use strict";

function readData(id) {
  const element = document.getElementById(id);
  return element ? JSON.parse(element.textContent) : null;
}

const STYLE = [
  { selector: "node", style: { label: "data(label)", "font-family": "Noto Serif SC, serif", "font-size": 13,
      "text-valign": "bottom", "text-margin-y": 4, "background-color": "#9aa9c9", width: 18, height: 18 } },
  { selector: "node[self]", style: { "background-color": "#7a1f1f", width: 26, height: 26, "font-weight": "bold" } },
  { selector: "edge", style: { width: 1.5, "line-color": "#bbb", "curve-style": "bezier", label: "data(label)",
      "font-size": 11, color: "#7a1f1f", "text-background-color": "#fff", "text-background-opacity": 1 } },
];

function personLink(node) {
  window.location.href = "/person/" + encodeURIComponent(node.id());
}

// Room for one name under its node (three characters at 13 px) and at most the wide spacing: on a
// phone the widest generation (six sons) fits across at a readable size instead of shrinking to fit;
// generations 80 px apart, so four of them fit the graph's height without shrinking either.
const KIN_SPACING = { least: 56, most: 120, generation: 80, padding: 30 };
// Neither graph is drawn larger than this: a few nodes would otherwise fill the box with huge labels.
const MAX_ZOOM = 1.25;

function drawKin(container, elements) {
  // ancestors above, descendants below: one row per generation, in the order the page lists them
  const rows = new Map();
  for (const element of elements) {
    if (element.data.source) continue;
    const generation = element.data.generation || 0;
    if (!rows.has(generation)) rows.set(generation, []);
    rows.get(generation).push(element);
  }
  const widest = Math.max(...[...rows.values()].map((nodes) => nodes.length));
  const room = (container.clientWidth - 2 * KIN_SPACING.padding) / widest;
  const spacing = Math.max(KIN_SPACING.least, Math.min(KIN_SPACING.most, room));
  for (const [generation, nodes] of rows) {
    nodes.forEach((node, index) => {
      node.position = { x: (index - (nodes.length - 1) / 2) * spacing, y: generation * KIN_SPACING.generation };
    });
  }
  const cy = cytoscape({ container, elements, style: STYLE,
    layout: { name: "preset", fit: true, padding: KIN_SPACING.padding }, maxZoom: MAX_ZOOM, wheelSensitivity: 0.3 });
  cy.edges().style({ "target-arrow-shape": "triangle", "target-arrow-color": "#bbb" });
  // spouses and siblings sit in the person's row: arc their edges over the row instead of through it
  cy.edges().forEach((edge) => {
    const dx = edge.target().position("x") - edge.source().position("x");
    if (edge.source().position("y") === edge.target().position("y") && Math.abs(dx) > spacing * 1.05) {
      edge.style({ "curve-style": "unbundled-bezier", "control-point-distances": [-0.25 * Math.abs(dx)],
        "control-point-weights": [0.5] });
    }
  });
  cy.on("tap", "node", (event) => { if (!event.target.data("self")) personLink(event.target); });
  return cy;
}

function drawNetwork(container, elements) {
  const cy = cytoscape({ container, elements, style: STYLE, layout: { name: "cose", animate: false, padding: 30 },
    maxZoom: MAX_ZOOM, wheelSensitivity: 0.3 });
  cy.edges().forEach((edge) => {
    const letters = edge.data("letters") || 0;
    edge.style({ width: 1 + Math.min(letters, 20) / 2, label: letters ? String(letters) : "" });
  });
  cy.on("tap", "node", (event) => { if (!event.target.data("self")) personLink(event.target); });
  // an edge opens the letters between the two (the table row's details)
  cy.on("tap", "edge", (event) => {
    const other = event.target.data("self") ? null : event.target.target().data("self") ? event.target.source() : event.target.target();
    const row = other && document.getElementById("with-" + other.id());
    if (!row) return;
    const details = row.querySelector("details");
    if (details) details.open = true;
    row.scrollIntoView({ block: "center" });
  });
  return cy;
}

function drawTimeline(container, items) {
  const data = items.map((item) => {
    const content = document.createElement(item.href ? "a" : "span");  // text, never HTML: titles are source text
    content.textContent = item.content;
    if (item.href) content.href = item.href;
    return { id: item.id, start: item.start, content, title: item.title, className: item.className };
  });
  const timeline = new vis.Timeline(container, new vis.DataSet(data), { stack: true, maxHeight: 420, zoomMin: 86400000 * 30 });
  timeline.on("click", (properties) => {
    const item = items.find((i) => i.id === properties.item);
    if (item && item.href) window.location.href = item.href;
  });
  return timeline;
}

document.addEventListener("DOMContentLoaded", () => {
  const drawn = {};
  const kin = readData("kin-data");
  const kinContainer = document.getElementById("kin-graph");
  if (kin && kinContainer && window.cytoscape) drawn.kin = drawKin(kinContainer, kin);
  const network = readData("network-data");
  const networkContainer = document.getElementById("network-graph");
  if (network && networkContainer && window.cytoscape) drawn.network = drawNetwork(networkContainer, network);
  const timeline = readData("timeline-data");
  const timelineContainer = document.getElementById("timeline-chart");
  if (timeline && timeline.length && timelineContainer && window.vis) drawn.timeline = drawTimeline(timelineContainer, timeline);
  window.zhirenPerson = drawn;  // the browser tests count the drawn nodes here
});
