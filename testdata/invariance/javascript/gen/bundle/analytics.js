// Added in the second build: checkout funnel events. Its presence renames the minified identifiers.
const queue = [];

function track(event, props) {
  queue.push({ event, props, at: queue.length });
  return queue.length;
}

export { track };
