# frozen_string_literal: true

module Shop
  class OrdersController
    def initialize(params)
      @params = params
    end

    def show
      order = Order.find!(@params.fetch("id"))
      Views.render("orders/show", order: order)
    end

    def receipt
      order = Order.find!(@params.fetch("id"))
      Views.render("orders/receipt", order: order)
    end

    def total
      order = Order.find!(@params.fetch("id"))
      { total: order.total }
    end

    def invoice
      Invoice.new(Order.find!(@params.fetch("id"))).lines
    end

    def customer
      Order.find!(@params.fetch("id")).customer_name
    end

    def lookup
      repository = OrderRepository.new(Order::STORE.values)
      repository.find_by_email(@params.fetch("email"))
    end

    def lookup_by
      repository = OrderRepository.new(Order::STORE.values)
      repository.find_by(@params.fetch("attribute").to_sym, @params.fetch("value"))
    end

    def create
      OrderForm.new(@params).validate!
    end

    def pay
      gateway.charge(Order.find!(@params.fetch("id")))
    end

    def capture
      gateway.capture(Order.find!(@params.fetch("id")))
    end

    def refund
      Refund.new(Order.find!(@params.fetch("id")), @params.fetch("amount")).amount
    end

    def void
      gateway.void(Order.find!(@params.fetch("id")))
    end

    private

    def gateway
      PaymentGateway.new(@params.fetch("card", "4242424242424242"), attempts: @params.fetch("attempts", "2").to_i)
    end
  end
end
