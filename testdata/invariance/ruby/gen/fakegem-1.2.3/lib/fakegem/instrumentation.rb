# frozen_string_literal: true

module Fakegem
  module Instrumentation
    module_function

    def instrument(name, payload = {})
      subscribers.each { |s| s.start(name, payload) }
      yield payload
    ensure
      subscribers.each { |s| s.finish(name, payload) }
    end

    def subscribers
      @subscribers ||= []
    end
  end
end
