# frozen_string_literal: true

module Fakegem
  # Retries a block on the given errors.
  class Retry
    def self.with_retries(attempts: 2, on: StandardError, &block)
      new(attempts, on).run(&block)
    end

    def initialize(attempts, on)
      @attempts = attempts
      @on = on
    end

    def run(&block)
      tries = 0
      loop do
        tries += 1
        result = attempt(tries, &block)
        return result unless result.equal?(RETRY)
      end
    end

    RETRY = Object.new.freeze
    private_constant :RETRY

    private

    def attempt(tries)
      yield tries
    rescue @on
      raise if tries >= @attempts

      RETRY
    end
  end
end
