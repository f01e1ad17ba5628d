'use strict';
// Runs the shop service's failure scenarios in the install roots generate.sh prepared and writes
//   - the invariance cases: <out>/<case>/<variant>.txt and <out>/cases.json,
//   - the labelled corpus: one JSON record per line in <corpus>.
// Labels name the bug as written in the program (which function is wrong and why), never what grouping
// gives. Usage: node tools/generate.js <work dir with the roots> <invariance dir> <corpus file>
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const [work, out, corpusFile] = process.argv.slice(2);
const bundles = JSON.parse(fs.readFileSync(path.join(work, '.bundles', 'names.json'), 'utf8'));
const handDir = path.join(__dirname, '..', 'hand');
const SERVICE = 'shop-api';

// run executes a scenario of index.js (or of the minified bundle, for "bundle:<v1|v2>") in a root.
function run(root, scenario, ...params) {
  const cwd = path.join(work, root);
  let args = ['index.js', scenario, ...params];
  const [kind, build] = scenario.split(':');
  if (kind === 'bundle') args = [path.join('dist', bundles[build]), ...params];
  const res = spawnSync(process.execPath, args, { cwd, encoding: 'utf8' });
  if (res.status !== 0 || !res.stdout.startsWith('{')) {
    throw new Error(`${root}: ${args.join(' ')} failed: ${res.stderr || res.stdout}`);
  }
  const rec = JSON.parse(res.stdout);
  if (rec.error) throw new Error(`${root}: ${args.join(' ')}: ${rec.error}`);
  return rec;
}

// hand reads a hand-written stack from gen/hand.
function hand(file, type, message) {
  return { type, message, stack: fs.readFileSync(path.join(handDir, file), 'utf8'), file };
}

// node22 rewrites a Node 20 stack the way Node 22 prints the same run: the CommonJS loader frames changed
// (Object..js, Function._load, TracingChannel.traceSync, wrapModuleLoad) and node:internal line numbers
// moved. V8 still keeps 10 frames, so the extra loader frames push the outermost ones out.
function node22(rec) {
  const lines = rec.stack.split('\n');
  const first = lines.findIndex((l) => l.startsWith('    at '));
  const head = lines.slice(0, first);
  const frames = lines.slice(first);
  const loader = /\(node:internal\/modules\/|node:internal\/main\/run_main_module/;
  const app = frames.filter((l) => !loader.test(l));
  const moved = app.map((l) =>
    l
      .replace('node:internal/process/task_queues:95:5', 'node:internal/process/task_queues:105:5')
      .replace('node:internal/timers:483:21', 'node:internal/timers:491:21')
      .replace('node:events:524:28', 'node:events:518:28'),
  );
  const node22Loader = [
    '    at Module._compile (node:internal/modules/cjs/loader:1554:14)',
    '    at Object..js (node:internal/modules/cjs/loader:1706:10)',
    '    at Module.load (node:internal/modules/cjs/loader:1289:32)',
    '    at Function._load (node:internal/modules/cjs/loader:1108:12)',
    '    at TracingChannel.traceSync (node:diagnostics_channel:322:14)',
    '    at wrapModuleLoad (node:internal/modules/cjs/loader:220:24)',
    '    at Function.executeUserEntryPoint [as runMain] (node:internal/modules/run_main:170:5)',
    '    at node:internal/main/run_main_module:36:49',
  ];
  const hadLoader = frames.length !== app.length;
  const all = hadLoader ? moved.concat(node22Loader) : moved;
  return { ...rec, stack: head.concat(all.slice(0, frames.length)).join('\n') };
}

// --- Invariance cases -------------------------------------------------------------------------------------

const V = (why, rec, extra = {}) => ({ why, rec, ...extra });
const noStack = (why, fields) => ({ why, fields });

function invarianceCases() {
  return [
    {
      name: 'order-not-found',
      base: run('app', 'get_order', 'order=4711'),
      same: [
        V('lines shifted by an edit', run('shifted/app', 'get_order', 'order=4711')),
        V('different install root (/workspace, buildpacks)', run('workspace', 'get_order', 'order=4711')),
        V('library versions changed (express 5, lodash 4.17.20)', run('bumped/app', 'get_order', 'order=4711')),
        V('pnpm layout of node_modules', run('pnpm/usr/src/app', 'get_order', 'order=4711')),
        V('another framework dispatches the same handler (connect instead of express)', run('app', 'get_order', 'order=4711', 'via=connect')),
        V('message parameters changed', run('app', 'get_order', 'order=90210')),
      ],
      different: [
        V('another throwing function and exception type (cancelOrder refuses a shipped order)', run('app', 'cancel_order_shipped')),
        V('another in-app call path to the same throw (cancelOrder looks the order up)', run('app', 'cancel_order_missing', 'order=4711')),
        noStack('another service', { service: 'billing' }),
      ],
    },
    {
      name: 'user-profile-not-found',
      base: run('app', 'method_alias', 'user=u404'),
      same: [
        V('lines shifted by an edit', run('shifted/app', 'method_alias', 'user=u404')),
        V('different install root (/var/task, AWS Lambda)', run('var/task', 'method_alias', 'user=u404')),
        V('Node 22 instead of Node 20: other loader frames and node:internal lines (hand-edited)', node22(run('app', 'method_alias', 'user=u404')), { hand: true }),
        V('message parameters changed', run('app', 'method_alias', 'user=c0ffee-42')),
      ],
      different: [
        V('another in-app call path to the same throw (async getUser -> fetch -> lookup)', run('app', 'async_await', 'user=u404')),
        V('another throwing function and exception type (new Session on a missing user)', run('app', 'class_constructor', 'user=u404')),
      ],
    },
    {
      name: 'price-item-validation',
      base: run('app', 'promise_all', 'qty=0'),
      same: [
        V('lines shifted by an edit', run('shifted/app', 'promise_all', 'qty=0')),
        V('different install root and pnpm layout', run('pnpm/usr/src/app', 'promise_all', 'qty=0')),
        V('message parameters changed', run('app', 'promise_all', 'qty=-3')),
        V('Node 22 instead of Node 20: task queue line numbers (hand-edited)', node22(run('app', 'promise_all', 'qty=0')), { hand: true }),
      ],
      different: [
        V('same exception type thrown by another function (validateOrder)', run('app', 'custom_error')),
        noStack('another exception type', { type: 'RangeError' }),
      ],
    },
    {
      name: 'lodash-groupby-callback',
      base: run('app', 'lodash_callback'),
      same: [
        V('library version changed (lodash 4.17.20)', run('bumped/app', 'lodash_callback')),
        V('pnpm layout (node_modules/.pnpm/lodash@4.17.21/node_modules/lodash)', run('pnpm/usr/src/app', 'lodash_callback')),
        V('lines shifted by an edit', run('shifted/app', 'lodash_callback')),
        V('different install root (/workspace)', run('workspace', 'lodash_callback')),
      ],
      different: [
        V('anonymous callback of another function in the same file (lineTotals)', run('app', 'array_map')),
        noStack('another service', { service: 'reports' }),
      ],
    },
    {
      name: 'category-recursion',
      base: run('app', 'recursion', 'depth=25'),
      same: [
        V('recursion depth changed', run('app', 'recursion', 'depth=60')),
        V('lines shifted by an edit', run('shifted/app', 'recursion', 'depth=25')),
        V('whole stack kept and cut by the Datadog agent at 25,000 characters', run('app', 'truncated_ddtrace', 'depth=400')),
      ],
      different: [
        V('same exception type from another function (parseQuantity)', run('app', 'quantity_range', 'qty=120')),
      ],
    },
    {
      name: 'category-recursion-full-stack',
      base: run('app', 'recursion', 'depth=17', 'limit=50'),
      same: [
        V('recursion depth changed', run('app', 'recursion', 'depth=30', 'limit=50')),
        V('different install root (/workspace)', run('workspace', 'recursion', 'depth=17', 'limit=50')),
        V('Node 22 instead of Node 20 (hand-edited)', node22(run('app', 'recursion', 'depth=17', 'limit=50')), { hand: true }),
      ],
      different: [
        V('same exception type from another function (parseQuantity)', run('app', 'quantity_range', 'qty=120')),
      ],
    },
    {
      name: 'quantity-type',
      base: run('app', 'quantity_type', 'qty=3'),
      same: [
        V('lines shifted by an edit', run('shifted/app', 'quantity_type', 'qty=3')),
        V('different install root and library versions', run('bumped/app', 'quantity_type', 'qty=3')),
        V('message parameters changed', run('app', 'quantity_type', 'qty=12')),
      ],
      different: [
        V('same function throws another exception type (RangeError)', run('app', 'quantity_range', 'qty=120')),
      ],
    },
    {
      name: 'webhook-json-syntax',
      base: run('app', 'webhook_syntax'),
      same: [
        V('lines shifted by an edit', run('shifted/app', 'webhook_syntax')),
        V('message parameters changed (another position in another body)', run('app', 'webhook_syntax', 'body={"type":"refund","data":{"orderId":77,"amount":5,}}')),
        V('different install root (/var/task)', run('var/task', 'webhook_syntax')),
      ],
      different: [
        V('the same runtime error (JSON.parse) reached from other application code (loadConfig)', run('app', 'config_syntax')),
      ],
    },
    {
      name: 'checkout-cause-chain',
      base: run('app', 'inspect_cause', 'order=1042', 'customer=u404'),
      same: [
        V('lines shifted by an edit', run('shifted/app', 'inspect_cause', 'order=1042', 'customer=u404')),
        V('message parameters changed', run('app', 'inspect_cause', 'order=77', 'customer=u31337')),
        V('different install root (/workspace)', run('workspace', 'inspect_cause', 'order=1042', 'customer=u404')),
      ],
      different: [noStack('another service', { service: 'billing' })],
    },
    {
      name: 'stock-assertion',
      base: run('app', 'event_emitter', 'sku=sku1', 'want=2'),
      same: [
        V('message parameters changed (assertion diff)', run('app', 'event_emitter', 'sku=A-77', 'want=5')),
        V('lines shifted by an edit', run('shifted/app', 'event_emitter', 'sku=sku1', 'want=2')),
        V('Node 22 instead of Node 20: events and timers line numbers (hand-edited)', node22(run('app', 'event_emitter', 'sku=sku1', 'want=2')), { hand: true }),
      ],
      different: [noStack('another service', { service: 'warehouse' })],
    },
    {
      name: 'minified-missing-sku',
      base: run('app', 'bundle:v1', 'missing_sku', '2'),
      same: [
        V('bundle rebuilt: other mangled names and content hash', run('app', 'bundle:v2', 'missing_sku', '2')),
        V('message parameters changed', run('app', 'bundle:v1', 'missing_sku', '5')),
        V('different install root (/workspace)', run('workspace', 'bundle:v1', 'missing_sku', '2')),
      ],
      different: [
        V('same bundle, same exception type, another message', run('app', 'bundle:v1', 'no_items')),
        V('same bundle, another exception type and message', run('app', 'bundle:v1', 'unknown_coupon', '4')),
        V('rebuilt bundle, another exception type and message (expired coupon)', run('app', 'bundle:v2', 'expired_coupon', '3')),
      ],
    },
    {
      name: 'browser-cart-total',
      base: hand('hand_chrome_cart.txt', 'TypeError', "Cannot read properties of undefined (reading 'price')"),
      same: [
        V('Firefox prints the same code (hand-written)', hand('hand_firefox_cart.txt', 'TypeError', 'item.product is undefined'), { hand: true }),
        V('Safari prints the same code (hand-written)', hand('hand_safari_cart.txt', 'TypeError', "undefined is not an object (evaluating 'item.product.price')"), { hand: true }),
        V('rebuilt with other content hashes, lines shifted, served from a CDN path (hand-written)', hand('hand_chrome_cart_rehashed.txt', 'TypeError', "Cannot read properties of undefined (reading 'price')"), { hand: true }),
      ],
      different: [
        V('another throwing function (computeDiscount, hand-written)', hand('hand_chrome_discount.txt', 'TypeError', "Cannot read properties of undefined (reading 'percent')"), { hand: true }),
      ],
    },
  ];
}

function slug(s) {
  return s
    .toLowerCase()
    .replace(/\(.*?\)/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .split('-')
    .slice(0, 6)
    .join('-');
}

function writeCases() {
  for (const entry of fs.readdirSync(out, { withFileTypes: true })) {
    if (entry.isDirectory() && entry.name !== 'gen') fs.rmSync(path.join(out, entry.name), { recursive: true });
  }
  const manifest = { language: 'nodejs', cases: [] };
  for (const c of invarianceCases()) {
    const dir = path.join(out, c.name);
    fs.mkdirSync(dir, { recursive: true });
    const used = new Set();
    const write = (name, rec, isHand) => {
      const prefix = isHand || rec.file ? 'hand_' : '';
      let file = `${prefix}${name}`;
      for (let i = 2; used.has(file); i++) file = `${prefix}${name}-${i}`;
      used.add(file);
      fs.writeFileSync(path.join(dir, `${file}.txt`), rec.stack);
      return `${c.name}/${file}.txt`;
    };
    const base = { service: SERVICE, type: c.base.type, message: c.base.message, stack_file: write('base', c.base, false) };
    const variant = (v) => {
      if (v.fields) return { why: v.why, ...v.fields };
      const e = { why: v.why, stack_file: write(slug(v.why), v.rec, v.hand) };
      if (v.rec.type !== base.type) e.type = v.rec.type;
      if (v.rec.message !== base.message) e.message = v.rec.message;
      return e;
    };
    manifest.cases.push({ name: c.name, base, same: c.same.map(variant), different: c.different.map(variant) });
  }
  fs.writeFileSync(path.join(out, 'cases.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest.cases.length;
}

// --- Corpus -----------------------------------------------------------------------------------------------

// Each bug lists the runs that reproduce it: root, scenario and parameters. Roots: app (base), shifted/app
// (lines moved by an edit), workspace and var/task (other install roots), bumped/app (other express and
// lodash versions), pnpm/usr/src/app (pnpm layout), home/node/app (other versions, pnpm, other edit),
// srv/shop-api (a root whose last directory is the project's name).
const corpusBugs = {
  // Order endpoints: the same repository throw reached from two handlers, and a state check.
  'order-get-not-found': [
    ['app', 'get_order', 'order=4711'],
    ['shifted/app', 'get_order', 'order=5120'],
    ['workspace', 'get_order', 'order=4711', 'via=connect'],
    ['bumped/app', 'get_order', 'order=88'],
    ['pnpm/usr/src/app', 'get_order', 'order=4711'],
    ['home/node/app', 'get_order', 'order=31337', 'via=connect'],
    ['srv/shop-api', 'get_order', 'order=4711'],
  ],
  'order-cancel-not-found': [
    ['app', 'cancel_order_missing', 'order=4711'],
    ['var/task', 'cancel_order_missing', 'order=999'],
    ['bumped/app', 'cancel_order_missing', 'order=4711'],
    ['home/node/app', 'cancel_order_missing', 'order=12', 'via=connect'],
  ],
  'order-cancel-shipped': [
    ['app', 'cancel_order_shipped'],
    ['shifted/app', 'cancel_order_shipped', 'via=connect'],
    ['bumped/app', 'cancel_order_shipped'],
    ['pnpm/usr/src/app', 'cancel_order_shipped'],
  ],
  // Users: one repository throw reached by a sync profile lookup and by the async getUser route.
  'user-profile-not-found': [
    ['app', 'method_alias', 'user=u404'],
    ['shifted/app', 'method_alias', 'user=u77'],
    ['var/task', 'method_alias', 'user=u404'],
    ['home/node/app', 'method_alias', 'user=admin'],
    ['node22:app', 'method_alias', 'user=u5'],
    ['srv/shop-api', 'method_alias', 'user=u404'],
  ],
  'user-get-not-found': [
    ['app', 'async_await', 'user=u404'],
    ['workspace', 'async_await', 'user=u9'],
    ['shifted/app', 'async_await', 'user=u404'],
    ['bumped/app', 'async_await', 'user=guest'],
  ],
  'session-missing-user': [
    ['app', 'class_constructor', 'user=u404'],
    ['shifted/app', 'class_constructor', 'user=u12'],
    ['pnpm/usr/src/app', 'class_constructor', 'user=u404'],
  ],
  // Validation errors of the same type from two functions.
  'price-item-quantity': [
    ['app', 'promise_all', 'qty=0'],
    ['shifted/app', 'promise_all', 'qty=-1'],
    ['workspace', 'promise_all', 'qty=0'],
    ['node22:app', 'promise_all', 'qty=-7'],
  ],
  'order-email-invalid': [
    ['app', 'custom_error', 'email=ada.example.com'],
    ['bumped/app', 'custom_error', 'email=bob'],
    ['home/node/app', 'custom_error', 'email=carol.example.org'],
  ],
  // Anonymous callbacks in one file: null line in lineTotals, missing address in revenueByRegion (lodash).
  'line-totals-null-line': [
    ['app', 'array_map'],
    ['shifted/app', 'array_map'],
    ['var/task', 'array_map'],
  ],
  'revenue-missing-address': [
    ['app', 'lodash_callback'],
    ['bumped/app', 'lodash_callback'],
    ['pnpm/usr/src/app', 'lodash_callback'],
    ['home/node/app', 'lodash_callback'],
    ['shifted/app', 'lodash_callback'],
  ],
  'rule-missing-coupon': [
    ['app', 'eval_rule'],
    ['workspace', 'eval_rule'],
    ['shifted/app', 'eval_rule'],
  ],
  'esm-cart-missing-product': [
    ['app', 'esm_module'],
    ['shifted/app', 'esm_module'],
    ['bumped/app', 'esm_module'],
  ],
  'category-broken-parent': [
    ['app', 'recursion', 'depth=25'],
    ['app', 'recursion', 'depth=60'],
    ['workspace', 'recursion', 'depth=12'],
    ['shifted/app', 'truncated_ddtrace', 'depth=400'],
    ['home/node/app', 'recursion', 'depth=33'],
  ],
  'stock-reservation-assert': [
    ['app', 'event_emitter', 'sku=sku1', 'want=2'],
    ['var/task', 'event_emitter', 'sku=B-7', 'want=9'],
    ['node22:shifted/app', 'event_emitter', 'sku=sku1', 'want=3'],
  ],
  'checkout-customer-missing': [
    ['app', 'inspect_cause', 'order=1042', 'customer=u404'],
    ['shifted/app', 'inspect_cause', 'order=7', 'customer=u9'],
    ['bumped/app', 'inspect_cause', 'order=1042', 'customer=x'],
  ],
  // One function, two exception types: a number where a string is expected, an out-of-range string.
  'quantity-not-string': [
    ['app', 'quantity_type', 'qty=3'],
    ['workspace', 'quantity_type', 'qty=40'],
    ['shifted/app', 'quantity_type', 'qty=3'],
  ],
  'quantity-out-of-range': [
    ['app', 'quantity_range', 'qty=120'],
    ['var/task', 'quantity_range', 'qty=0'],
    ['home/node/app', 'quantity_range', 'qty=500'],
  ],
  // The same runtime error (JSON.parse) from two callers.
  'webhook-invalid-json': [
    ['app', 'webhook_syntax'],
    ['shifted/app', 'webhook_syntax', 'body={"type":"refund",}'],
    ['bumped/app', 'webhook_syntax'],
  ],
  'config-invalid-json': [
    ['app', 'config_syntax'],
    ['workspace', 'config_syntax'],
    ['pnpm/usr/src/app', 'config_syntax'],
  ],
  // Minified storefront bundle: two builds with other mangled names.
  'bundle-line-missing-sku': [
    ['app', 'bundle:v1', 'missing_sku', '2'],
    ['app', 'bundle:v2', 'missing_sku', '4'],
    ['workspace', 'bundle:v1', 'missing_sku', '7'],
    ['home/node/app', 'bundle:v2', 'missing_sku', '1'],
  ],
  'bundle-unknown-coupon': [
    ['app', 'bundle:v1', 'unknown_coupon', '4'],
    ['var/task', 'bundle:v2', 'unknown_coupon', '9'],
    ['shifted/app', 'bundle:v1', 'unknown_coupon', '2'],
  ],
  'bundle-expired-coupon': [
    ['app', 'bundle:v1', 'expired_coupon', '3'],
    ['home/node/app', 'bundle:v2', 'expired_coupon', '40'],
  ],
};

function writeCorpus() {
  const lines = [];
  for (const [bug, runs] of Object.entries(corpusBugs)) {
    for (const [where, scenario, ...params] of runs) {
      const [transform, root] = where.includes(':') ? where.split(':') : [null, where];
      let rec = run(root, scenario, ...params);
      if (transform === 'node22') rec = node22(rec);
      lines.push(
        JSON.stringify({ bug: `javascript/${bug}`, service: SERVICE, language: 'nodejs', type: rec.type, message: rec.message, stack: rec.stack }),
      );
    }
  }
  fs.writeFileSync(corpusFile, `${lines.join('\n')}\n`);
  return [lines.length, Object.keys(corpusBugs).length];
}

const n = writeCases();
const [records, bugs] = writeCorpus();
process.stdout.write(`${n} invariance cases, ${records} corpus records for ${bugs} bugs\n`);
