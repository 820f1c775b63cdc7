#!/usr/bin/env node
// Reports the JavaScript and CSS a browser downloads before the first route renders:
// the entry chunk of dist/index.html and every chunk it imports statically (lazy routes,
// loaded with `import()`, are not counted). Fails above the budget.
//
//   npm run build && npm run size
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const BUDGET_KB = 200;
const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const dist = join(root, "dist");
const indexHtml = join(dist, "index.html");
if (!existsSync(indexHtml)) {
  console.error("error: dist/index.html not found; run `npm run build` first.");
  process.exit(1);
}

const html = readFileSync(indexHtml, "utf8");
const entries = [...html.matchAll(/<script[^>]+src="\/([^"]+\.js)"/g)].map((m) => m[1]);
const styles = [...html.matchAll(/<link[^>]+href="\/([^"]+\.css)"/g)].map((m) => m[1]);

const seen = new Set();
function visit(file) {
  if (seen.has(file)) return;
  seen.add(file);
  const code = readFileSync(join(dist, file), "utf8");
  // Static imports only: `import{a}from"./x.js"` / `import"./x.js"`; `import("./x.js")` is lazy.
  for (const match of code.matchAll(/(?:^|[;\s}])import\s*(?:[^"'();]*?\bfrom\s*)?["']\.\/([^"']+\.js)["']/g)) {
    visit(join(dirname(file), match[1]));
  }
}
entries.forEach(visit);

const gzip = (file) => gzipSync(readFileSync(join(dist, file)), { level: 9 }).length;
const rows = [...seen].map((file) => ({ file, gzip: gzip(file) }));
const js = rows.reduce((sum, row) => sum + row.gzip, 0);
const css = styles.reduce((sum, file) => sum + gzip(file), 0);

for (const row of rows.sort((a, b) => b.gzip - a.gzip)) {
  console.log(`${(row.gzip / 1024).toFixed(1).padStart(7)} KB  ${row.file}`);
}
console.log(`initial JavaScript (login + inbox): ${(js / 1024).toFixed(1)} KB gzip (budget ${BUDGET_KB} KB)`);
console.log(`initial CSS: ${(css / 1024).toFixed(1)} KB gzip`);
if (js / 1024 > BUDGET_KB) {
  console.error(`error: initial JavaScript exceeds ${BUDGET_KB} KB gzip`);
  process.exit(1);
}
