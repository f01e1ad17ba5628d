# frozen_string_literal: true

module Shop
  class Refund
    def initialize(order, requested)
      @order = order
      @requested = requested
    end

    def amount
      [Pricing.round_to_cents(@requested), @order.total].min
    end
  end
end
