# frozen_string_literal: true

module Shop
  module ExchangeRates
    SOURCE = "https://rates.example.com/latest"

    def self.convert(amount, currency)
      amount * latest.fetch(currency)
    end

    def self.latest
      JSON.parse(Fakegem::Http.get("#{SOURCE}?base=EUR", timeout: 2))
    end
  end
end
