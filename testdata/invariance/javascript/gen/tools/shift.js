'use strict';
// Simulates an edit that shifts every line: inserts a comment block after the first line of each source
// file under the given root (src/ and index.js), as a change elsewhere in the same files would.
// Usage: node tools/shift.js <root> <lines>
const fs = require('fs');
const path = require('path');

const [root, count] = process.argv.slice(2);
const block = Array.from({ length: Number(count) }, (_, i) => `// Changelog ${i + 1}: see CHANGELOG.md.`).join('\n');

function shift(file) {
  const text = fs.readFileSync(file, 'utf8');
  const nl = text.indexOf('\n');
  fs.writeFileSync(file, `${text.slice(0, nl + 1)}${block}\n${text.slice(nl + 1)}`);
}

function walk(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(p);
    else if (/\.m?js$/.test(entry.name)) shift(p);
  }
}

walk(path.join(root, 'src'));
shift(path.join(root, 'index.js'));
