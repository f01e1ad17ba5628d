'use strict';
const fs = require('fs');

function readConfigFile(file) {
  return fs.readFileSync(file, 'utf8');
}

function loadConfig(env) {
  const raw = readConfigFile(env.SHOP_CONFIG);
  return parseSettings(raw);
}

function parseSettings(text) {
  return JSON.parse(text);
}

module.exports = { loadConfig, parseSettings };
