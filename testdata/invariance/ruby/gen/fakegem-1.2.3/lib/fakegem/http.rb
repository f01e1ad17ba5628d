# frozen_string_literal: true

module Fakegem
  # A minimal HTTP client whose requests never answer: every call times out.
  module Http
    class TimeoutError < StandardError; end

    module_function

    def get(url, timeout: 5)
      request(:get, url, timeout)
    end

    def post(url, body, timeout: 5)
      request(:post, url, timeout, body)
    end

    def request(verb, url, timeout, _body = nil)
      raise TimeoutError, "#{verb.upcase} #{url}: execution expired after #{timeout}s"
    end
  end
end
