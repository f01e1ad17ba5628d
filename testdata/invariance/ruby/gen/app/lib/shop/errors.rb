# frozen_string_literal: true

module Shop
  class Error < StandardError; end
  class RecordNotFound < Error; end
  class UnknownAttribute < Error; end
  class PaymentDeclined < Error; end
  class InvalidPayload < Error; end
  class ImportFailed < Error; end
  class ValidationError < Error; end
  class CategoryNotFound < Error; end
  class RuleError < Error; end
end
