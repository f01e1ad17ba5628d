'use strict';
const { Session } = require('../models/session');

class UserService {
  constructor(repo) {
    this.repo = repo;
  }

  profile(id) {
    const user = this.repo.lookup(id);
    return { id: user.id, name: user.name };
  }

  openSession(id) {
    const user = this.repo.rows.get(id) || null;
    return new Session(user, 3600);
  }

  async getUser(id) {
    const user = await this.repo.fetch(id);
    return { id: user.id, name: user.name };
  }
}

module.exports = { UserService };
