# frozen_string_literal: true

module Shop
  class Settings
    def self.load(json)
      new(JSON.parse(json, symbolize_names: true))
    end

    def initialize(values)
      @values = values
    end
  end
end
