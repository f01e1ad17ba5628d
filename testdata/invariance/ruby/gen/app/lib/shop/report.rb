# frozen_string_literal: true

module Shop
  class Report
    def initialize(orders)
      @orders = orders
    end

    def quantities_by_sku
      @orders.each_with_object(Hash.new(0)) do |order, totals|
        order.items.each do |item|
          raise ArgumentError, "negative quantity for #{item.sku} in order #{order.id}" if item.quantity.negative?

          totals[item.sku] += item.quantity
        end
      end
    end
  end
end
