# frozen_string_literal: true

# Runs one failing scenario of the shop app and prints the error the way a tracer would record it.
# Usage: ruby bin/fixtures.rb SCENARIO [full|backtrace|ddtrace]
gems = File.expand_path("../vendor/bundle/ruby/#{RbConfig::CONFIG['ruby_version']}/gems", __dir__)
$LOAD_PATH.unshift File.join(gems, "fakegem-1.2.3/lib")
$LOAD_PATH.unshift File.expand_path("../lib", __dir__)
require "shop"

def seed
  widget = Shop::Product.new("W-1", 12.5, 0.4)
  Shop::Order.create(id: 42, customer_id: 7, status: "open",
                     items: [Shop::LineItem.new("W-1", 2, widget), Shop::LineItem.new("G-9", 1, nil)])
  Shop::Order.create(id: 8, customer_id: 7, status: "open",
                     items: [Shop::LineItem.new("S-3", 2, Shop::Product.new("S-3", "9.99", 1.0))])
  Shop::Order.create(id: 9, customer_id: 3, status: "paid",
                     items: [Shop::LineItem.new("S-4", 1, Shop::Product.new("S-4", "5", 1.0))])
  Shop::Order.create(id: 10, customer_id: 3, status: "paid",
                     items: [Shop::LineItem.new("W-1", 3, widget), Shop::LineItem.new("W-1", -1, widget)])
end

SCENARIOS = {
  "nomethod_nil" => -> { Shop::App.get("/orders/total", "id=42") },
  "gem_block_error" => -> { Shop::App.get("/orders/pay", "id=42&card=4000000000000002") },
  "nested_blocks" => lambda {
    Fakegem::Instrumentation.instrument("report.shop") { Shop::Report.new(Shop::Order::STORE.values).quantities_by_sku }
  },
  "cause_chain" => -> { Shop::Importer.new(7).import('[{"id": 1,') },
  "ensure_cause" => -> { Shop::Importer.new(8).import_with_lock("not json") },
  "class_method" => -> { Shop::App.get("/orders/show", "id=404") },
  "module_function" => -> { Shop::App.get("/orders/total", "id=9") },
  "dynamic_methods" => -> { Shop::App.get("/orders/lookup", "email=ann@example.com") },
  "recursion" => -> { Shop::CategoryTree.new(Shop::CategoryTree.build(6)).path_to("shoes") },
  "eval_rule" => lambda {
    Shop::Rules.new(["cap(order.total * 0.01)", "cap(order.total / 10)"]).discount_for(Shop::Order.find!(10))
  },
  "anonymous_struct" => -> { Shop::Shipping.quote(Shop::Order.find!(10).items, "APAC") },
  "erb_template" => -> { Shop::App.get("/orders/show", "id=8") },
  "multiline_message" => -> { Shop::App.get("/orders/create", "email=ann.example.com&quantity=0") },
}.freeze

# dd-trace-rb's error.stack layout: per exception of the cause chain (each once), the first backtrace line,
# ": message (Class)", then "\n\tfrom line" for the rest, then "\n".
def ddtrace_stack(error)
  out = +""
  seen = {}
  while error && !seen[error]
    seen[error] = true
    first, *rest = error.backtrace
    out << "#{first}: #{error.message} (#{error.class})" if first
    rest.each { |line| out << "\n\tfrom " << line }
    out << "\n"
    error = error.cause
  end
  out
end

name, style = ARGV.fetch(0), ARGV.fetch(1, "full")
seed
begin
  SCENARIOS.fetch(name).call
  abort "scenario #{name} did not raise"
rescue StandardError => e
  case style
  when "full" then print e.full_message(highlight: false, order: :top)
  when "backtrace" then print e.backtrace.join("\n"), "\n"
  when "ddtrace" then print ddtrace_stack(e)
  else abort "unknown style #{style}"
  end
end
