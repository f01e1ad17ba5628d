'use strict';
const { NotFoundError } = require('../errors');

// Stands in for a database round trip.
const roundTrip = () => new Promise((resolve) => process.nextTick(resolve));

class UserRepo {
  constructor(rows) {
    this.rows = new Map(rows.map((r) => [r.id, r]));
  }

  async fetch(id) {
    await roundTrip();
    return this.lookup(id);
  }
}

// Published as "lookup" since v1 of the API.
UserRepo.prototype.lookup = function find(id) {
  const row = this.rows.get(id);
  if (!row) {
    throw new NotFoundError('user', id);
  }
  return row;
};

module.exports = { UserRepo };
