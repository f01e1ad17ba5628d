'use strict';

class Session {
  constructor(user, ttlSeconds) {
    this.userId = user.id;
    this.expiresAt = Date.now() + ttlSeconds * 1000;
  }
}

module.exports = { Session };
