// Formatting helpers shared by the storefront widgets.
function formatMoney(cents, currency) {
  const units = Math.floor(cents / 100);
  const rest = String(cents % 100).padStart(2, '0');
  return `${currency === 'EUR' ? '€' : '$'}${units}.${rest}`;
}

function pluralize(count, word) {
  return count === 1 ? `${count} ${word}` : `${count} ${word}s`;
}

function summarize(lines, currency) {
  const total = lines.reduce((sum, line) => sum + line.total, 0);
  return `${pluralize(lines.length, 'item')}, ${formatMoney(total, currency)}`;
}

export { formatMoney, pluralize, summarize };
