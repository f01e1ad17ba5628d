# frozen_string_literal: true

module Fakegem
  VERSION = "1.3.0"
end
