# frozen_string_literal: true

module Shop
  class OrderRepository
    def initialize(orders)
      @orders = orders
    end

    def find_by(attribute, value)
      @orders.find { |order| order.public_send(attribute) == value }
    end

    def method_missing(name, *args)
      if name.to_s.start_with?("find_by_")
        find_by(name.to_s.delete_prefix("find_by_").to_sym, *args)
      else
        super
      end
    end

    def respond_to_missing?(name, include_private = false)
      name.to_s.start_with?("find_by_") || super
    end
  end
end
