# frozen_string_literal: true

module Fakegem
  # Runs an env hash through middlewares, then hands it to the endpoint.
  class Pipeline
    def initialize(endpoint)
      @endpoint = endpoint
      @middlewares = []
    end

    def use(middleware)
      @middlewares << middleware
      self
    end

    def call(env)
      chain = @middlewares.reverse.inject(@endpoint) do |app, middleware|
        ->(e) { middleware.new(app).call(e) }
      end
      Instrumentation.instrument("request.fakegem", env) { chain.call(env) }
    end
  end

  class RequestId
    def initialize(app)
      @app = app
    end

    def call(env)
      env["request_id"] ||= "req-0001"
      @app.call(env)
    end
  end

  class ParamsParser
    def initialize(app)
      @app = app
    end

    def call(env)
      env["params"] = env.fetch("query", "").split("&").to_h { |kv| kv.split("=", 2) }
      @app.call(env)
    end
  end
end
