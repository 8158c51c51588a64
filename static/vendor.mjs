// The build step of the front end: copies the files each page loads from node_modules into
// static/vendor/ (git-ignored, shipped in the wheel). Run by `make install` after `npm ci`.
// Add a library with `npm install NAME`, then list the files its pages load below.
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const modules = join(root, "node_modules");
const vendor = join(root, "static", "vendor");

// [package-relative source in node_modules, target name in static/vendor]
const FILES = [
  // graphs of the person page: the kinship tree and the correspondence network
  ["cytoscape/dist/cytoscape.min.js"],
  ["cytoscape/LICENSE", "cytoscape-LICENSE"],
  // the person page's timeline
  ["vis-timeline/standalone/umd/vis-timeline-graph2d.min.js"],
  ["vis-timeline/styles/vis-timeline-graph2d.min.css"],
  ["vis-timeline/LICENSE.MIT.txt", "vis-timeline-LICENSE"],
  // the /sparql page's query editor (YASGUI, MIT licence per its package.json, which ships no LICENSE file)
  ["@zazuko/yasgui/build/yasgui.min.js"],
  ["@zazuko/yasgui/build/yasgui.min.css"],
  ["@zazuko/yasgui/package.json", "yasgui-package.json"],
];

// Web fonts as Fontsource ships them: one stylesheet of @font-face rules, each a unicode-range
// slice, so a browser fetches only the slices a page's characters fall in (a page of Chinese
// text loads a few hundred KB of the 4.7 MB). Only the woff2 files are copied (every browser
// that reads unicode-range reads woff2); the woff fallbacks are dropped from the stylesheet.
// [package, stylesheet in the package, target stylesheet name]
const FONTS = [["@fontsource/noto-serif-sc", "400.css", "noto-serif-sc-400.css"]];

function copyFont([pkg, stylesheet, target]) {
  const css = readFileSync(join(modules, pkg, stylesheet), "utf8").replace(/, url\([^)]*\.woff\) format\('woff'\)/g, "");
  const files = [...css.matchAll(/url\(\.\/files\/([^)]+\.woff2)\)/g)].map((m) => m[1]);
  mkdirSync(join(vendor, "files"), { recursive: true });
  for (const file of files) copyFileSync(join(modules, pkg, "files", file), join(vendor, "files", file));
  writeFileSync(join(vendor, target), css);
  copyFileSync(join(modules, pkg, "LICENSE"), join(vendor, `${basename(target, ".css")}-LICENSE`));
  return files.length;
}

rmSync(vendor, { recursive: true, force: true });
mkdirSync(vendor, { recursive: true });
for (const [source, target] of FILES) {
  copyFileSync(join(modules, source), join(vendor, target ?? basename(source)));
}
const fontFiles = FONTS.reduce((n, font) => n + copyFont(font), 0);
console.log(`static/vendor: ${FILES.length} file(s), ${FONTS.length} font(s) in ${fontFiles} slice(s)`);
