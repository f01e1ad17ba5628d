# frozen_string_literal: true

module Shop
  module Pricing
    module_function

    def total(items)
      items.sum { |item| round_to_cents(item.subtotal) }
    end

    def round_to_cents(amount)
      raise ArgumentError, "amount must be Numeric, got #{amount.class}" unless amount.is_a?(Numeric)

      (amount * 100).round / 100.0
    end
  end
end
