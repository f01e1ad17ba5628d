# frozen_string_literal: true

module Fakegem
  VERSION = "1.2.3"
end
