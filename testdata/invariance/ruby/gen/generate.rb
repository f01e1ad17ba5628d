# frozen_string_literal: true

# Regenerates the Ruby deploy-invariance suite (testdata/invariance/ruby) and the labelled corpus
# (testdata/corpus/ruby.jsonl) from real runs of the shop app.
#
# Each "deploy" is a copy of gen/app installed somewhere (a container-like /app root, a Capistrano release
# reached through its `current` symlink, a home directory), with the fake gem under a bundler path
# (vendor/bundle/ruby/<abi>/gems/fakegem-<version>), optionally with every app file's lines shifted and
# with overlay files (refactors) copied over it. Scenarios run in a fresh ruby process per error.
# hand_* files in the suite are hand-edited and never rewritten here.
# Usage: ruby generate.rb INVARIANCE_DIR CORPUS_FILE
require "fileutils"
require "json"
require "open3"
require "rbconfig"

GEN = __dir__
OUT = File.expand_path(ARGV.fetch(0))
CORPUS = File.expand_path(ARGV.fetch(1))
WORK = ENV.fetch("EG_RUBY_WORK", "/tmp/errorgrouping-invariance/ruby")
ABI = RbConfig::CONFIG["ruby_version"]

Deploy = Struct.new(:root, :link, :gem, :abi, :shift, :overlays, :relative, keyword_init: true) do
  def entry = relative ? "bin/fixtures.rb" : File.join(link || root, "bin/fixtures.rb")
end

DEPLOYS = {
  base: Deploy.new(root: "#{WORK}/a/app", gem: "1.2.3", abi: ABI, shift: 0, relative: true),
  shifted: Deploy.new(root: "#{WORK}/a/app", gem: "1.2.3", abi: ABI, shift: 7, relative: true),
  gem130: Deploy.new(root: "#{WORK}/a/app", gem: "1.3.0", abi: ABI, shift: 0, relative: true),
  abi33: Deploy.new(root: "#{WORK}/a/app", gem: "1.2.3", abi: "3.3.0", shift: 0, relative: true),
  deeper: Deploy.new(root: "#{WORK}/a/app", gem: "1.2.3", abi: ABI, shift: 0, overlays: ["deeper-blocks"], relative: true),
  cap: Deploy.new(root: "#{WORK}/b/srv/www/shop/releases/20240101120000", link: "#{WORK}/b/srv/www/shop/current",
                  gem: "1.2.3", abi: ABI, shift: 0),
  cap2: Deploy.new(root: "#{WORK}/b/srv/www/shop/releases/20240315093000", link: "#{WORK}/b/srv/www/shop/current",
                   gem: "1.3.0", abi: ABI, shift: 3),
  home: Deploy.new(root: "#{WORK}/c/home/deploy/shop", gem: "1.2.3", abi: ABI, shift: 12),
}.freeze

def install(deploy)
  FileUtils.rm_rf(deploy.root)
  FileUtils.mkdir_p(deploy.root)
  FileUtils.cp_r("#{GEN}/app/.", deploy.root)
  (deploy.overlays || []).each { |o| FileUtils.cp_r("#{GEN}/overlays/#{o}/.", deploy.root) }
  gems = "#{deploy.root}/vendor/bundle/ruby/#{deploy.abi}/gems"
  FileUtils.mkdir_p(gems)
  FileUtils.cp_r("#{GEN}/fakegem-#{deploy.gem}", gems)
  if deploy.link
    FileUtils.rm_f(deploy.link)
    File.symlink(deploy.root, deploy.link)
  end
  shift_lines(deploy.root, deploy.shift) if deploy.shift.positive?
end

# An edit above the code: comment lines inserted after each file's first line.
def shift_lines(root, count)
  Dir["#{root}/{lib,bin,app}/**/*.{rb,erb}"].each do |path|
    first, *rest = File.readlines(path)
    note = path.end_with?(".erb") ? "<%# deploy note %>\n" : "# deploy note\n"
    File.write(path, [first, note * count, *rest].join)
  end
end

def run(deploy, scenario, params)
  args = [RbConfig.ruby, deploy.entry, scenario, *params.map { |k, v| "#{k}=#{v}" }]
  out, err, status = Open3.capture3(*args, chdir: deploy.relative ? deploy.root : "/")
  abort "#{scenario} #{params}: exit #{status.exitstatus}\n#{err}" unless status.success? && err.empty?
  JSON.parse(out)
end

# Runs are grouped by deploy so that each deploy is installed once.
class Runner
  def initialize
    @wanted = Hash.new { |h, k| h[k] = [] }
    @results = {}
  end

  def want(deploy, scenario, params = {})
    key = [deploy, scenario, params.sort.to_h]
    @wanted[deploy] << key unless @wanted[deploy].include?(key)
    key
  end

  def run_all
    @wanted.each do |deploy, keys|
      install(DEPLOYS.fetch(deploy))
      keys.each { |key| @results[key] = run(DEPLOYS.fetch(deploy), key[1], key[2]) }
    end
  end

  def [](key) = @results.fetch(key)
end

# The invariance cases. A run variant is [file, why, deploy, scenario, params, layout]; scenario and params
# default to the base's, layout to "full". A hand variant names a hand_* file with its type and message.
def run_variant(file, why, deploy, scenario = nil, params = nil, layout = "full")
  { file: file, why: why, deploy: deploy, scenario: scenario, params: params, layout: layout }
end

def hand(file, why, type: nil, message: nil)
  { file: file, why: why, hand: true, type: type, message: message }
end

RUBY34 = "Ruby 3.4 labels ('Class#method', quotes, no rescue/ensure frames, core methods qualified or " \
         "moved to <internal:>), hand-edited from base"

CASES = [
  { name: "line-item-nil-product", scenario: "nomethod_nil", params: { "id" => "42" },
    same: [
      run_variant("lines-shifted", "lines shifted by an edit above the code", :shifted),
      run_variant("capistrano-release", "another install root: a Capistrano release run through current/", :cap),
      run_variant("gem-bumped", "library version bumped (fakegem 1.2.3 -> 1.3.0: moved lines, an extra " \
                                "Timing middleware and helper frames around the app)", :gem130),
      run_variant("ruby-abi-3.3", "bundler path for another Ruby ABI (vendor/bundle/ruby/3.3.0)", :abi33),
      run_variant("ddtrace-layout", "dd-trace-rb error.stack layout of the same error", :base, nil, nil, "ddtrace"),
      hand("hand_34.txt", RUBY34, message: "undefined method 'unit_price' for nil"),
    ],
    different: [
      run_variant("other-path-invoice", "another in-app call path to the same throw (Invoice#lines)", :base,
                  "invoice_nil"),
      run_variant("other-function", "another throwing function, same exception type (Order#customer_name)",
                  :base, "customer_nil", {}),
      { why: "another exception type", type: "TypeError" },
      { why: "another service", service: "billing" },
    ] },
  { name: "record-not-found", scenario: "class_method", params: { "id" => "404" },
    same: [
      run_variant("other-id-home-root", "message parameters (another id) and another install root (a home " \
                                        "directory)", :home, nil, { "id" => "99017" }),
      run_variant("lines-shifted", "lines shifted by an edit above the code", :shifted),
      run_variant("capistrano-release", "another install root: a Capistrano release run through current/", :cap),
      hand("hand_34.txt", RUBY34),
    ],
    different: [
      run_variant("other-path-pay", "another in-app call path to the same throw (OrdersController#pay)", :base,
                  "class_method_pay"),
      run_variant("other-type", "another exception type from the same function (Integer() in Order.find!)",
                  :base, "find_bad_id", {}),
    ] },
  { name: "payment-declined", scenario: "gem_block_error", params: { "attempts" => "2" },
    same: [
      run_variant("gem-bumped", "library version bumped (fakegem 1.3.0 rewrote Retry#run around the app block)",
                  :gem130),
      run_variant("ruby-abi-3.3", "bundler path for another Ruby ABI (vendor/bundle/ruby/3.3.0)", :abi33),
      run_variant("more-attempts", "message parameters (attempt count)", :base, nil, { "attempts" => "3" }),
      run_variant("bare-backtrace", "bare backtrace lines without a header (caller-style)", :base, nil, nil,
                  "backtrace"),
      hand("hand_34.txt", RUBY34),
    ],
    different: [
      run_variant("other-function", "another throwing function, same exception type (PaymentGateway#capture)",
                  :base, "capture_declined", {}),
      run_variant("other-type", "another exception type from the same controller (a library timeout)", :base,
                  "void_timeout", {}),
    ] },
  { name: "category-not-found-recursion", scenario: "recursion", params: { "depth" => "6" },
    same: [
      run_variant("depth-3", "recursion depth changed (and the message's category)", :base, nil, { "depth" => "3" }),
      run_variant("depth-12", "recursion depth changed (and the message's category)", :base, nil,
                  { "depth" => "12" }),
      run_variant("lines-shifted", "lines shifted by an edit above the code", :shifted),
      hand("hand_34.txt", RUBY34),
    ],
    different: [
      run_variant("other-path", "another in-app call path to the same recursive throw (breadcrumbs)", :base,
                  "recursion_breadcrumbs"),
      run_variant("other-function", "another throwing function, same exception type (CategoryTree#lookup!)",
                  :base, "category_lookup"),
    ] },
  { name: "import-failed-cause-chain", scenario: "cause_chain", params: { "batch" => "7" },
    same: [
      run_variant("other-batch", "message parameters (batch id, payload)", :base, nil,
                  { "batch" => "31", "payload" => '[{"id": 2}, {"id":' }),
      run_variant("capistrano-release", "another install root and library version (release 20240315093000, " \
                                        "fakegem 1.3.0, lines shifted)", :cap2),
      hand("hand_34.txt", RUBY34),
    ],
    different: [
      run_variant("ensure-failure", "another bug in the same class: close_batch raising in an ensure clause",
                  :base, "ensure_cause", { "batch" => "7" }),
    ] },
  { name: "report-negative-quantity", scenario: "nested_blocks", params: { "orders" => "42,10" },
    same: [
      run_variant("deeper-blocks", "block nesting depth changed by a refactor that also wraps the loop in " \
                                   "library instrumentation", :deeper),
      run_variant("other-order", "message parameters (sku, order id)", :base, nil, { "orders" => "11" }),
      run_variant("lines-shifted", "lines shifted by an edit above the code", :shifted),
    ],
    different: [
      run_variant("other-function", "another function raising the same exception type (Pricing.round_to_cents)",
                  :base, "module_function", {}),
      { why: "another service", service: "reporting" },
    ] },
  { name: "erb-template-format", scenario: "erb_template", params: { "id" => "8" },
    same: [
      run_variant("capistrano-release", "another install root; the compiled template method's hash/id suffix " \
                                        "changes with every process", :cap),
      run_variant("lines-shifted", "lines shifted in the template and the Ruby files", :shifted),
      hand("hand_34.txt", RUBY34),
    ],
    different: [
      run_variant("other-template", "the same helper throwing from another template (orders/receipt)", :base,
                  "erb_receipt"),
    ] },
  { name: "unknown-attribute", scenario: "dynamic_methods", params: { "email" => "ann@example.com" },
    same: [
      run_variant("gem-bumped", "library version bumped (fakegem 1.3.0)", :gem130),
      run_variant("home-root", "another install root (a home directory) and lines shifted", :home),
      run_variant("other-email", "message-independent request parameters changed", :base, nil,
                  { "email" => "bob@example.org" }),
    ],
    different: [
      run_variant("direct-call", "another in-app call path: find_by called directly, not through " \
                                 "method_missing", :base, "lookup_direct", {}),
    ] },
  { name: "json-parse-webhook", scenario: "webhook_json", params: { "id" => "4" },
    same: [
      run_variant("other-payload", "message parameters (payload)", :base, nil, { "id" => "20931" }),
      run_variant("capistrano-release", "another install root", :cap),
      hand("hand_34.txt", "Ruby 3.4 labels and stdlib path (/usr/lib/ruby/3.4.0/json/common.rb), hand-edited " \
                          "from base",
           message: "expected ',' or '}' after object value, got: EOF at line 1 column 29"),
    ],
    different: [
      run_variant("other-caller", "the same library error reached from other app code (Settings.load)", :base,
                  "settings_json", {}),
    ] },
  { name: "http-timeout-rates", scenario: "rates_timeout", params: { "currency" => "USD" },
    same: [
      run_variant("gem-bumped", "library version bumped (fakegem 1.3.0 moved the client's lines)", :gem130),
      run_variant("other-currency", "job arguments changed", :base, nil, { "currency" => "GBP" }),
    ],
    different: [
      run_variant("other-caller", "the same library error reached from other app code (PaymentGateway#void)",
                  :base, "void_timeout", {}),
    ] },
].freeze

# The corpus: each bug is what a developer would fix, decided by the program, with the runs that hit it
# (deploy, params). Every run is recorded in the full_message layout, and every third in dd-trace-rb's.
BUGS = {
  "line-item-nil-product-in-order-total" => ["nomethod_nil", "shop", [
    [:base, { "id" => "42" }], [:cap, { "id" => "42" }], [:gem130, {}], [:home, {}], [:abi33, {}],
  ]],
  "line-item-nil-product-in-invoice" => ["invoice_nil", "shop", [
    [:base, {}], [:cap2, {}], [:shifted, {}], [:home, {}],
  ]],
  "customer-missing-in-customer-name" => ["customer_nil", "shop", [
    [:base, {}], [:cap, {}], [:gem130, { "id" => "10" }],
  ]],
  "order-not-found-on-show" => ["class_method", "shop", [
    [:base, { "id" => "404" }], [:home, { "id" => "99017" }], [:cap2, { "id" => "5" }], [:shifted, { "id" => "77" }],
  ]],
  "order-not-found-on-pay" => ["class_method_pay", "shop", [
    [:base, { "id" => "404" }], [:cap, { "id" => "12" }], [:gem130, { "id" => "31337" }],
  ]],
  "order-id-not-numeric" => ["find_bad_id", "shop", [
    [:base, { "id" => "abc" }], [:cap, { "id" => "42x" }], [:home, { "id" => "" }],
  ]],
  "payment-declined-on-charge" => ["gem_block_error", "shop", [
    [:base, { "attempts" => "2" }], [:gem130, { "attempts" => "3" }], [:abi33, {}], [:cap2, { "id" => "8" }],
  ]],
  "payment-declined-on-capture" => ["capture_declined", "shop", [
    [:base, {}], [:gem130, { "id" => "8" }], [:home, {}],
  ]],
  "price-string-in-order-total" => ["module_function", "shop", [
    [:base, { "id" => "9" }], [:shifted, {}], [:cap2, {}],
  ]],
  "refund-amount-not-parsed" => ["refund_amount", "shop", [
    [:base, { "amount" => "2.50" }], [:cap, { "amount" => "7" }], [:home, { "amount" => "0.99" }],
  ]],
  "negative-quantity-in-report" => ["nested_blocks", "shop-reports", [
    [:base, {}], [:deeper, {}], [:shifted, { "orders" => "11" }], [:cap2, {}],
  ]],
  "category-missing-in-path-to" => ["recursion", "shop", [
    [:base, { "depth" => "6" }], [:base, { "depth" => "2" }], [:shifted, { "depth" => "15" }], [:cap, { "depth" => "4" }],
  ]],
  "category-missing-in-breadcrumbs" => ["recursion_breadcrumbs", "shop", [
    [:base, { "depth" => "6" }], [:home, { "depth" => "9" }], [:gem130, { "depth" => "1" }],
  ]],
  "category-lookup-without-fallback" => ["category_lookup", "shop", [
    [:base, {}], [:cap2, { "slug" => "boots" }], [:home, {}],
  ]],
  "import-batch-invalid-json" => ["cause_chain", "shop-worker", [
    [:base, { "batch" => "7" }], [:cap2, { "batch" => "12" }], [:home, { "batch" => "3", "payload" => "{" }],
  ]],
  "close-batch-raises-in-ensure" => ["ensure_cause", "shop-worker", [
    [:base, { "batch" => "8" }], [:cap, { "batch" => "21" }], [:gem130, {}],
  ]],
  "money-format-in-show-template" => ["erb_template", "shop", [
    [:base, {}], [:cap, {}], [:shifted, {}], [:home, {}],
  ]],
  "money-format-in-receipt-template" => ["erb_receipt", "shop", [
    [:base, {}], [:cap2, {}], [:home, {}],
  ]],
  "dynamic-finder-on-unknown-attribute" => ["dynamic_methods", "shop", [
    [:base, {}], [:gem130, { "email" => "bob@example.org" }], [:home, {}],
  ]],
  "find-by-unknown-attribute" => ["lookup_direct", "shop", [
    [:base, {}], [:cap, { "email" => "eve@example.net" }], [:shifted, {}],
  ]],
  "webhook-body-invalid-json" => ["webhook_json", "shop", [
    [:base, { "id" => "4" }], [:cap, { "id" => "20931" }], [:abi33, {}],
  ]],
  "settings-invalid-json" => ["settings_json", "shop", [
    [:base, {}], [:home, { "tax" => "0.19" }], [:cap2, {}],
  ]],
  "exchange-rates-timeout" => ["rates_timeout", "shop-worker", [
    [:base, {}], [:gem130, { "currency" => "GBP" }], [:cap, {}],
  ]],
  "void-payment-timeout" => ["void_timeout", "shop", [
    [:base, {}], [:gem130, { "id" => "8" }], [:home, {}],
  ]],
  "shipping-zone-missing" => ["anonymous_struct", "shop", [
    [:base, { "zone" => "APAC" }], [:cap, { "zone" => "LATAM" }], [:shifted, {}],
  ]],
  "unknown-route" => ["unknown_route", "shop", [
    [:base, { "path" => "/orders/export" }], [:gem130, { "path" => "/orders/archive" }], [:home, {}],
  ]],
}.freeze

runner = Runner.new
planned = CASES.map do |c|
  base = runner.want(:base, c[:scenario], c[:params])
  variants = (c[:same] + c[:different]).to_h do |v|
    next [v, nil] unless v[:deploy]

    [v, runner.want(v[:deploy], v[:scenario] || c[:scenario], v[:params] || c[:params])]
  end
  [c, base, variants]
end
corpus_runs = BUGS.flat_map do |bug, (scenario, service, runs)|
  runs.map { |deploy, params| [bug, service, runner.want(deploy, scenario, params)] }
end
runner.run_all

manifest = { "language" => "ruby", "cases" => [] }
planned.each do |c, base_key, variants|
  dir = File.join(OUT, c[:name])
  FileUtils.mkdir_p(dir)
  Dir["#{dir}/*.txt"].each { |f| File.delete(f) unless File.basename(f).start_with?("hand_") }
  base = runner[base_key]
  File.write("#{dir}/base.txt", base.fetch("full"))
  entry = { "name" => c[:name],
            "base" => { "service" => "shop", "type" => base["type"], "message" => base["message"],
                        "stack_file" => "#{c[:name]}/base.txt" } }
  %i[same different].each do |kind|
    entry[kind.to_s] = c[kind].map do |v|
      out = { "why" => v[:why] }
      if v[:hand]
        abort "missing #{dir}/#{v[:file]}" unless File.exist?("#{dir}/#{v[:file]}")
        out["stack_file"] = "#{c[:name]}/#{v[:file]}"
        out["type"] = v[:type] if v[:type]
        out["message"] = v[:message] if v[:message]
      elsif v[:deploy]
        r = runner[variants.fetch(v)]
        File.write("#{dir}/#{v[:file]}.txt", r.fetch(v[:layout]))
        out["stack_file"] = "#{c[:name]}/#{v[:file]}.txt"
        out["type"] = r["type"] if r["type"] != base["type"]
        out["message"] = r["message"] if r["message"] != base["message"]
      else
        out.merge!(v.except(:why).transform_keys(&:to_s))
      end
      out
    end
  end
  manifest["cases"] << entry
end
File.write(File.join(OUT, "cases.json"), "#{JSON.pretty_generate(manifest)}\n")

File.open(CORPUS, "w") do |f|
  corpus_runs.each_with_index do |(bug, service, key), i|
    r = runner[key]
    f.puts JSON.generate("bug" => "ruby/#{bug}", "service" => service, "language" => "ruby",
                         "type" => r["type"], "message" => r["message"],
                         "stack" => r.fetch((i % 3).zero? ? "ddtrace" : "full"))
  end
end
puts "#{manifest['cases'].size} invariance cases, #{corpus_runs.size} corpus records, #{BUGS.size} bugs " \
     "(#{RUBY_DESCRIPTION})"
