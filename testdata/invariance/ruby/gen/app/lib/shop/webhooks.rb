# frozen_string_literal: true

module Shop
  module Webhooks
    def self.receive(body)
      event = JSON.parse(body)
      Order.find!(event.fetch("order")).tap { |order| order.items.clear if event["event"] == "refunded" }
    end
  end
end
