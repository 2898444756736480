// Refreshes wwwroot/lib from the packages package-lock.json names. Run it as `npm run update-lib` (npm ci first).
// Each library's files are copied exactly as its package ships them, with its licence, and provenance.json records
// the package, version, lock-file integrity and each file's SHA-256. BrowserLibrariesTests compares that record with
// package-lock.json and with the committed files, without Node.js, so a stale or hand-edited copy fails the suite.
import { createHash } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const libraries = [
  {
    folder: "signalr",
    package: "@microsoft/signalr",
    files: { "signalr.min.js": "dist/browser/signalr.min.js" },
    // The package ships no licence file; its package.json says MIT and names dotnet/aspnetcore as its source,
    // whose LICENSE.txt is committed beside it (checked by hash like the rest).
    licenceFrom: "https://github.com/dotnet/aspnetcore/blob/main/LICENSE.txt",
  },
];

const sha256 = path => createHash("sha256").update(readFileSync(path)).digest("hex");
const lock = JSON.parse(readFileSync("package-lock.json", "utf8"));

for (const lib of libraries) {
  const locked = lock.packages[`node_modules/${lib.package}`];
  if (!locked) throw new Error(`${lib.package} is not in package-lock.json`);
  const source = join("node_modules", lib.package);
  const installed = JSON.parse(readFileSync(join(source, "package.json"), "utf8")).version;
  if (installed !== locked.version) throw new Error(`${lib.package}: node_modules has ${installed}, the lock file ${locked.version}; run npm ci`);

  const target = join("wwwroot", "lib", lib.folder);
  mkdirSync(target, { recursive: true });
  const files = [];
  for (const [name, from] of Object.entries(lib.files)) {
    copyFileSync(join(source, from), join(target, name));
    files.push({ name, from, sha256: sha256(join(target, name)) });
  }

  const shipped = readdirSync(source).find(f => /^(licen[cs]e|copying)(\.|$)/i.test(f));
  if (shipped) {
    copyFileSync(join(source, shipped), join(target, shipped));
    files.push({ name: shipped, from: shipped, sha256: sha256(join(target, shipped)) });
  } else if (lib.licenceFrom && existsSync(join(target, "LICENSE.txt"))) {
    files.push({ name: "LICENSE.txt", from: lib.licenceFrom, sha256: sha256(join(target, "LICENSE.txt")) });
  } else {
    throw new Error(`${lib.package} ships no licence file: commit one as ${target}/LICENSE.txt and name its source in licenceFrom`);
  }

  const provenance = { package: lib.package, version: locked.version, integrity: locked.integrity, license: locked.license, files };
  writeFileSync(join(target, "provenance.json"), JSON.stringify(provenance, null, 2) + "\n");
  console.log(`${target}: ${lib.package}@${locked.version}, ${files.map(f => f.name).join(", ")}`);
}
