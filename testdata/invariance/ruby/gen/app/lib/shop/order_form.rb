# frozen_string_literal: true

module Shop
  class OrderForm
    def initialize(params)
      @params = params
    end

    def validate!
      errors = []
      errors << "email is invalid" unless @params.fetch("email", "").include?("@")
      errors << "quantity must be greater than 0" unless @params.fetch("quantity", "0").to_i.positive?
      return if errors.empty?

      raise ValidationError, "Validation failed:\n" + errors.map { |e| "  - #{e}" }.join("\n")
    end
  end
end
