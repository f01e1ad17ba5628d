// Prices the lines of a cart.
function priceLine(line, index) {
  if (line.sku == null) {
    throw new TypeError(`Cannot price line ${index + 1} without sku`);
  }
  return { sku: line.sku, total: line.qty * line.price };
}

function priceLines(lines) {
  return lines.map(priceLine);
}

export { priceLine, priceLines };
