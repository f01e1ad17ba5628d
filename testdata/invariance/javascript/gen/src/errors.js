'use strict';

// Application error types, the way services usually declare them.
class AppError extends Error {
  constructor(message, options) {
    super(message, options);
    this.name = this.constructor.name;
  }
}

class ValidationError extends AppError {
  constructor(field, message) {
    super(`${field}: ${message}`);
    this.field = field;
  }
}

class NotFoundError extends AppError {
  constructor(what, id) {
    super(`${what} ${id} not found`);
    this.code = 'E_NOT_FOUND';
  }
}

class CheckoutError extends AppError {}

class InvalidStateError extends AppError {}

module.exports = { AppError, ValidationError, NotFoundError, CheckoutError, InvalidStateError };
