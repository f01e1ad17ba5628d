# frozen_string_literal: true

module Fakegem
  # Notifies subscribers around a block.
  module Instrumentation
    module_function

    def instrument(name, payload = {})
      notify(:start, name, payload)
      yield payload
    ensure
      notify(:finish, name, payload)
    end

    def notify(event, name, payload)
      subscribers.each { |s| s.public_send(event, name, payload) }
    end

    def subscribers
      @subscribers ||= []
    end
  end
end
