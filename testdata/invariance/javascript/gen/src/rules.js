'use strict';

// Discount rules are stored as expressions and compiled at startup.
function compileRule(expr) {
  return eval(`(function rule(order) { return ${expr}; })`);
}

function applyRules(rules, order) {
  return rules.reduce((discount, rule) => discount + rule(order), 0);
}

module.exports = { compileRule, applyRules };
