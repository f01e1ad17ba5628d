# frozen_string_literal: true

module Shop
  # Discount rules are stored as Ruby snippets and evaluated against an order.
  class Rules
    def initialize(rules)
      @rules = rules
    end

    def discount_for(order)
      @rules.sum { |rule| evaluate(rule, order) }
    end

    private

    def evaluate(rule, order)
      instance_eval(rule)
    end

    def cap(value)
      raise RuleError, "discount #{value} exceeds the cap of 0.5" if value > 0.5

      value
    end
  end
end
