# frozen_string_literal: true

module Shop
  class PaymentGateway
    def initialize(card)
      @card = card
    end

    def charge(order)
      Fakegem::Retry.with_retries(attempts: 2, on: PaymentDeclined) do |attempt|
        authorize(order, attempt)
      end
    end

    private

    def authorize(order, attempt)
      return :ok unless @card.end_with?("0002")

      raise PaymentDeclined, "card declined for order #{order.id} (attempt #{attempt})"
    end
  end
end
