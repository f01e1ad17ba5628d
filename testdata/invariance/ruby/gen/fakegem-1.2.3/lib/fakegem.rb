# frozen_string_literal: true

# A stand-in for a Rack-like framework gem: a middleware pipeline, a retry
# helper, an HTTP client and instrumentation hooks that call back into application blocks.
require "fakegem/version"
require "fakegem/instrumentation"
require "fakegem/retry"
require "fakegem/pipeline"
require "fakegem/http"
