'use strict';
// Builds the storefront bundle the way a production build ships it: one minified file, named by a content
// hash, with the license banner on line 1 (webpack's layout). Build "v2" is the same code after a later
// change (an analytics module added), so the minifier picks other short names and the hash changes.
// Usage: node tools/build-bundle.js <bundle source dir> <output dir> <v1|v2>
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const esbuild = require('esbuild');

const [srcDir, outDir, variant] = process.argv.slice(2);
const entry =
  variant === 'v2'
    ? "import { track } from './analytics.js';\ntrack('checkout_view', {});\nimport './main.js';\n"
    : "import './main.js';\n";

const result = esbuild.buildSync({
  stdin: { contents: entry, resolveDir: path.resolve(srcDir), sourcefile: 'entry.js' },
  bundle: true,
  minify: true,
  format: 'iife',
  platform: 'node',
  target: 'node20',
  write: false,
  legalComments: 'none',
});
const code = result.outputFiles[0].text;
const hash = crypto.createHash('sha256').update(code).digest('hex').slice(0, 8);
const name = `main.${hash}.js`;
fs.mkdirSync(outDir, { recursive: true });
fs.writeFileSync(path.join(outDir, name), `/*! For license information please see ${name}.LICENSE.txt */\n${code}`);
process.stdout.write(name);
