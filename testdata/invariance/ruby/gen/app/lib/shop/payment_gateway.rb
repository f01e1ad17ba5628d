# frozen_string_literal: true

module Shop
  class PaymentGateway
    ENDPOINT = "https://payments.example.com/v2"

    def initialize(card, attempts: 2)
      @card = card
      @attempts = attempts
    end

    def charge(order)
      Fakegem::Retry.with_retries(attempts: @attempts, on: PaymentDeclined) do |attempt|
        authorize(order, attempt)
      end
    end

    def capture(order)
      raise PaymentDeclined, "capture declined for order #{order.id}" if @card.end_with?("0002")

      :captured
    end

    def void(order)
      Fakegem::Http.post("#{ENDPOINT}/voids", { order: order.id })
    end

    private

    def authorize(order, attempt)
      return :ok unless @card.end_with?("0002")

      raise PaymentDeclined, "card declined for order #{order.id} (attempt #{attempt})"
    end
  end
end
