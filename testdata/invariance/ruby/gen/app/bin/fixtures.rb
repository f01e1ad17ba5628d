# frozen_string_literal: true

# Runs one failing scenario of the shop app and prints, as JSON, what a tracer records: the exception
# class, its message, and the stack in the three layouts tracers send (Exception#full_message, dd-trace-rb's
# error.stack, and the bare backtrace).
# Usage: ruby bin/fixtures.rb SCENARIO [key=value...]
gems = File.expand_path("../vendor/bundle/ruby/*/gems/fakegem-*/lib", __dir__)
$LOAD_PATH.unshift(*Dir[gems])
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
  Shop::Order.create(id: 11, customer_id: 7, status: "paid",
                     items: [Shop::LineItem.new("B-2", -4, widget)])
end

DECLINED = "4000000000000002"

SCENARIOS = {
  "nomethod_nil" => ->(p) { Shop::App.get("/orders/total", "id=#{p.fetch('id', 42)}") },
  "invoice_nil" => ->(p) { Shop::App.get("/orders/invoice", "id=#{p.fetch('id', 42)}") },
  "customer_nil" => ->(p) { Shop::App.get("/orders/customer", "id=#{p.fetch('id', 9)}") },
  "gem_block_error" => lambda { |p|
    Shop::App.get("/orders/pay", "id=#{p.fetch('id', 42)}&card=#{DECLINED}&attempts=#{p.fetch('attempts', 2)}")
  },
  "capture_declined" => ->(p) { Shop::App.get("/orders/capture", "id=#{p.fetch('id', 42)}&card=#{DECLINED}") },
  "void_timeout" => ->(p) { Shop::App.get("/orders/void", "id=#{p.fetch('id', 42)}") },
  "refund_amount" => ->(p) { Shop::App.get("/orders/refund", "id=#{p.fetch('id', 9)}&amount=#{p.fetch('amount', '2.50')}") },
  "rates_timeout" => ->(p) { Shop::Jobs::SyncRates.new.perform(p.fetch("currency", "USD")) },
  "nested_blocks" => lambda { |p|
    orders = Shop::Order::STORE.values_at(*p.fetch("orders", "42,10").split(",").map(&:to_i))
    Fakegem::Instrumentation.instrument("report.shop") { Shop::Report.new(orders).quantities_by_sku }
  },
  "cause_chain" => ->(p) { Shop::Jobs::ImportBatch.new.perform(p.fetch("batch", 7).to_i, p.fetch("payload", '[{"id": 1,')) },
  "ensure_cause" => ->(p) { Shop::Importer.new(p.fetch("batch", 8).to_i).import_with_lock(p.fetch("payload", "not json")) },
  "class_method" => ->(p) { Shop::App.get("/orders/show", "id=#{p.fetch('id', 404)}") },
  "class_method_pay" => ->(p) { Shop::App.get("/orders/pay", "id=#{p.fetch('id', 404)}") },
  "find_bad_id" => ->(p) { Shop::App.get("/orders/show", "id=#{p.fetch('id', 'abc')}") },
  "module_function" => ->(p) { Shop::App.get("/orders/total", "id=#{p.fetch('id', 9)}") },
  "dynamic_methods" => ->(p) { Shop::App.get("/orders/lookup", "email=#{p.fetch('email', 'ann@example.com')}") },
  "lookup_direct" => lambda { |p|
    Shop::App.get("/orders/lookup_by", "attribute=email&value=#{p.fetch('email', 'ann@example.com')}")
  },
  "recursion" => lambda { |p|
    Shop::CategoryTree.new(Shop::CategoryTree.build(p.fetch("depth", 6).to_i)).path_to(p.fetch("slug", "shoes"))
  },
  "recursion_breadcrumbs" => lambda { |p|
    Shop::CategoryTree.new(Shop::CategoryTree.build(p.fetch("depth", 6).to_i)).breadcrumbs(p.fetch("slug", "shoes"))
  },
  "category_lookup" => lambda { |p|
    Shop::CategoryTree.new(Shop::CategoryTree.build(p.fetch("depth", 6).to_i)).lookup!(p.fetch("slug", "shoes"))
  },
  "eval_rule" => lambda { |p|
    rules = ["cap(order.total * 0.01)", "cap(order.total / #{p.fetch('divisor', 10)})"]
    Shop::Rules.new(rules).discount_for(Shop::Order.find!(10))
  },
  "anonymous_struct" => ->(p) { Shop::Shipping.quote(Shop::Order.find!(10).items, p.fetch("zone", "APAC")) },
  "unknown_route" => ->(p) { Shop::App.get(p.fetch("path", "/orders/export")) },
  "erb_template" => ->(p) { Shop::App.get("/orders/show", "id=#{p.fetch('id', 8)}") },
  "erb_receipt" => ->(p) { Shop::App.get("/orders/receipt", "id=#{p.fetch('id', 8)}") },
  "multiline_message" => ->(p) { Shop::App.get("/orders/create", "email=#{p.fetch('email', 'ann.example.com')}&quantity=0") },
  "webhook_json" => ->(p) { Shop::Webhooks.receive(%({"event": "paid", "order": #{p.fetch('id', 4)})) },
  "settings_json" => ->(p) { Shop::Settings.load(%({"tax": #{p.fetch('tax', '0.2')},)) },
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

name, *args = ARGV
params = args.to_h { |kv| kv.split("=", 2) }
seed
begin
  SCENARIOS.fetch(name).call(params)
  abort "scenario #{name} did not raise"
rescue StandardError => e
  print JSON.generate(
    "type" => e.class.name,
    "message" => e.message,
    "full" => e.full_message(highlight: false, order: :top),
    "ddtrace" => ddtrace_stack(e),
    "backtrace" => "#{e.backtrace.join("\n")}\n",
  )
end
