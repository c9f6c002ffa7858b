// Write the licence texts of every npm package esbuild put into the bundle (from its metafile).
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const [metafile, out] = process.argv.slice(2);
const inputs = Object.keys(JSON.parse(readFileSync(metafile, "utf8")).inputs);
const packages = new Set();
for (const input of inputs) {
  const match = input.match(/node_modules\/((?:@[^/]+\/)?[^/]+)\//);
  if (match) packages.add(match[1]);
}
const parts = [
  "Licences of the JavaScript bundled into rich_text.js (built by aimsi_ebay/ui/widgets/js/build.sh).\n",
];
for (const name of [...packages].sort()) {
  const dir = join("node_modules", name);
  const { version, license } = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
  const file = readdirSync(dir).find((f) => /^(licen[cs]e|copying)/i.test(f));
  if (!file) throw new Error(`${name} has no licence file`);
  parts.push(`${"=".repeat(78)}\n${name} ${version} (${license})\n${"=".repeat(78)}\n`);
  parts.push(readFileSync(join(dir, file), "utf8").trim() + "\n");
}
writeFileSync(out, parts.join("\n"));
console.log(`licences: ${packages.size} packages -> ${out}`);
