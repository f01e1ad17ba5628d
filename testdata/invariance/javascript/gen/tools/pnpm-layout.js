'use strict';
// Rearranges an npm-installed node_modules into pnpm's layout: each package moves to
// node_modules/.pnpm/<name>@<version>/node_modules/<name> and node_modules/<name> becomes a symlink to it.
// Node resolves symlinks, so stacks show the .pnpm paths, as they do under pnpm.
// Usage: node tools/pnpm-layout.js <root>
const fs = require('fs');
const path = require('path');

const modules = path.join(process.argv[2], 'node_modules');
const store = path.join(modules, '.pnpm');

function packages() {
  const names = [];
  for (const entry of fs.readdirSync(modules)) {
    if (entry.startsWith('.')) continue;
    if (entry.startsWith('@')) {
      for (const sub of fs.readdirSync(path.join(modules, entry))) names.push(`${entry}/${sub}`);
    } else {
      names.push(entry);
    }
  }
  return names;
}

for (const name of packages()) {
  const from = path.join(modules, name);
  const { version } = JSON.parse(fs.readFileSync(path.join(from, 'package.json'), 'utf8'));
  const to = path.join(store, `${name.replace('/', '+')}@${version}`, 'node_modules', name);
  fs.mkdirSync(path.dirname(to), { recursive: true });
  fs.renameSync(from, to);
  fs.symlinkSync(path.relative(path.dirname(from), to), from);
}
