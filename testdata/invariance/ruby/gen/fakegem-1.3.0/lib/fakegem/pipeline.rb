# frozen_string_literal: true

module Fakegem
  # Runs an env hash through middlewares, then hands it to the endpoint.
  # Since 1.3.0 every request is timed by the Timing middleware, which runs first.
  class Pipeline
    def initialize(endpoint)
      @endpoint = endpoint
      @middlewares = [Timing]
    end

    def use(middleware)
      @middlewares << middleware
      self
    end

    def call(env)
      Instrumentation.instrument("request.fakegem", env) { build.call(env) }
    end

    private

    def build
      @middlewares.reverse.inject(@endpoint) do |app, middleware|
        ->(e) { middleware.new(app).call(e) }
      end
    end
  end

  class Timing
    def initialize(app)
      @app = app
    end

    def call(env)
      started = Process.clock_gettime(Process::CLOCK_MONOTONIC)
      measure(env, started) { @app.call(env) }
    end

    private

    def measure(env, started)
      yield
    ensure
      env["duration"] = Process.clock_gettime(Process::CLOCK_MONOTONIC) - started
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
      env["params"] = parse(env.fetch("query", ""))
      @app.call(env)
    end

    private

    def parse(query)
      query.split("&").to_h { |kv| kv.split("=", 2) }
    end
  end
end
