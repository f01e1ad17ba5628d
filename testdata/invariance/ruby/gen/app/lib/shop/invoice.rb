# frozen_string_literal: true

module Shop
  class Invoice
    def initialize(order)
      @order = order
    end

    def lines
      @order.items.map { |item| "#{item.sku} x#{item.quantity}: #{item.subtotal}" }
    end
  end
end
