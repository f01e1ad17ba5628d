# frozen_string_literal: true

module Shop
  module Shipping
    RATES = { "EU" => 4.5, "US" => 7.0 }.freeze

    def self.quote(items, zone)
      parcel_class = Struct.new(:weight, :zone) do
        def rate
          RATES.fetch(zone) { raise KeyError, "no shipping rate for zone #{zone.inspect}" } * weight
        end
      end
      carrier = Class.new do
        def price(parcel)
          parcel.rate.round(2)
        end
      end
      carrier.new.price(parcel_class.new(items.sum { |i| i.product.weight * i.quantity }, zone))
    end
  end
end
