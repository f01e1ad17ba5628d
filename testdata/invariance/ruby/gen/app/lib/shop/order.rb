# frozen_string_literal: true

module Shop
  class Order
    ATTRIBUTES = %i[id customer_id status coupon_code].freeze
    DYNAMIC = %i[email shipping_address].freeze
    STORE = {}
    Customer = Struct.new(:id, :name)
    CUSTOMERS = { 7 => Customer.new(7, "Ann") }.freeze

    (ATTRIBUTES + DYNAMIC).each do |name|
      define_method(name) { read_attribute(name) }
    end

    def self.find!(id)
      STORE.fetch(Integer(id)) do
        raise RecordNotFound, "Couldn't find Shop::Order with 'id'=#{id}"
      end
    end

    def self.create(attributes)
      order = new(attributes)
      STORE[order.id] = order
    end

    attr_reader :items

    def initialize(attributes)
      @attributes = attributes.slice(*ATTRIBUTES)
      @items = attributes.fetch(:items, [])
    end

    def total
      Pricing.total(items)
    end

    def customer_name
      CUSTOMERS[customer_id].name
    end

    private

    def read_attribute(name)
      @attributes.fetch(name) do
        raise UnknownAttribute, "unknown attribute '#{name}' for Shop::Order" unless ATTRIBUTES.include?(name)
      end
    end
  end
end
