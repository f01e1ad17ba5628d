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

    def total
      order = Order.find!(@params.fetch("id"))
      { total: order.total }
    end

    def lookup
      repository = OrderRepository.new(Order::STORE.values)
      repository.find_by_email(@params.fetch("email"))
    end

    def create
      OrderForm.new(@params).validate!
    end

    def pay
      PaymentGateway.new(@params.fetch("card")).charge(Order.find!(@params.fetch("id")))
    end
  end
end
