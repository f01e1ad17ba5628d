# frozen_string_literal: true

module Fakegem
  class Retry
    def self.with_retries(attempts: 2, on: StandardError, &block)
      new(attempts, on).run(&block)
    end

    def initialize(attempts, on)
      @attempts = attempts
      @on = on
    end

    def run
      tries = 0
      begin
        tries += 1
        yield tries
      rescue @on
        retry if tries < @attempts
        raise
      end
    end
  end
end
