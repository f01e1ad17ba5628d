'use strict';
const { ValidationError } = require('./errors');

function validateRow(row) {
  if (typeof row.sku !== 'string') {
    throw new ValidationError('sku', `expected a string, got ${typeof row.sku}`);
  }
  return { sku: row.sku.trim(), qty: Number(row.qty.replace(',', '')) };
}

function importRows(rows) {
  const errors = [];
  const imported = [];
  for (const row of rows) {
    try {
      imported.push(validateRow(row));
    } catch (err) {
      errors.push(err);
    }
  }
  if (errors.length > 0) {
    throw new AggregateError(errors, `batch import failed: ${errors.length} of ${rows.length} rows rejected`);
  }
  return imported;
}

module.exports = { importRows };
