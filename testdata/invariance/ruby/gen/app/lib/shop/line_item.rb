# frozen_string_literal: true

module Shop
  Product = Struct.new(:sku, :unit_price, :weight)

  LineItem = Struct.new(:sku, :quantity, :product) do
    def subtotal
      product.unit_price * quantity
    end
  end
end
