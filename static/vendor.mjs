// The build step of the front end: copies the files each page loads from node_modules into
// static/vendor/ (git-ignored, shipped in the wheel). Run by `make install` after `npm ci`.
// Add a library with `npm install NAME`, then list the files its pages load below.
import { copyFileSync, mkdirSync, rmSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const vendor = join(root, "static", "vendor");

// [package-relative source in node_modules, target name in static/vendor]
const FILES = [];

rmSync(vendor, { recursive: true, force: true });
mkdirSync(vendor, { recursive: true });
for (const [source, target] of FILES) {
  copyFileSync(join(root, "node_modules", source), join(vendor, target ?? basename(source)));
}
console.log(`static/vendor: ${FILES.length} file(s)`);
