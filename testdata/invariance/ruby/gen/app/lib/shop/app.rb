# frozen_string_literal: true

module Shop
  module App
    ROUTES = {
      "/orders/show" => :show,
      "/orders/receipt" => :receipt,
      "/orders/total" => :total,
      "/orders/invoice" => :invoice,
      "/orders/customer" => :customer,
      "/orders/lookup" => :lookup,
      "/orders/lookup_by" => :lookup_by,
      "/orders/create" => :create,
      "/orders/pay" => :pay,
      "/orders/capture" => :capture,
      "/orders/refund" => :refund,
      "/orders/void" => :void,
    }.freeze

    def self.pipeline
      @pipeline ||= Fakegem::Pipeline.new(method(:dispatch))
                                     .use(Fakegem::RequestId)
                                     .use(Fakegem::ParamsParser)
    end

    def self.dispatch(env)
      action = ROUTES.fetch(env["path"])
      OrdersController.new(env["params"]).public_send(action)
    end

    def self.get(path, query = "")
      pipeline.call("path" => path, "query" => query)
    end
  end
end
