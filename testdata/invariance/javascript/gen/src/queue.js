'use strict';
const EventEmitter = require('events');

class OrderQueue extends EventEmitter {
  push(order) {
    setImmediate(() => this.emit('order', order));
  }
}

module.exports = { OrderQueue };
