package ruby

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/errorgrouping/errorgrouping/internal/frames"
	"github.com/errorgrouping/errorgrouping/internal/frames/framestest"
	"github.com/errorgrouping/errorgrouping/internal/stack"
	"github.com/errorgrouping/errorgrouping/internal/stack/stacktest"
	rubyparse "github.com/errorgrouping/errorgrouping/internal/stackparse/ruby"
)

// parseFrame parses one backtrace line the way the parser sees it in a stack.
func parseFrame(t testing.TB, line string) stack.Frame {
	t.Helper()
	var tr stack.Trace
	rubyparse.Parse(line+"\n", stack.Options{}, &tr)
	if len(tr.Exceptions) != 1 || len(tr.Exceptions[0].Frames) != 1 {
		t.Fatalf("%q does not parse as one frame", line)
	}
	return tr.Exceptions[0].Frames[0]
}

func TestNormalize(t *testing.T) {
	const (
		app    = true
		thirdP = false
	)
	for _, tc := range []struct {
		line             string
		module, function string
		inApp, ignored   bool
	}{
		// Application code under different roots: the path after the last conventional directory.
		{"/tmp/errorgrouping-fixtures/ruby/app/lib/shop/line_item.rb:8:in `subtotal'", "shop/line_item.rb", "subtotal", app, false},
		{"/app/lib/shop/line_item.rb:8:in 'Shop::LineItem#subtotal'", "shop/line_item.rb", "subtotal", app, false},
		{"/srv/www/shop/releases/20240101120000/lib/shop/line_item.rb:9:in `subtotal'", "shop/line_item.rb", "subtotal", app, false},
		{"/app/app/models/order.rb:42:in 'Order.find!'", "models/order.rb", "find!", app, false},
		{"app/models/order.rb:42:in `find!'", "models/order.rb", "find!", app, false},
		{"/var/lib/shop/app/models/order.rb:42:in `find!'", "models/order.rb", "find!", app, false},
		{"/home/deploy/apps/shop/lib/shop/app.rb:21:in `dispatch'", "shop/app.rb", "dispatch", app, false},
		{"bin/fixtures.rb:61:in `<main>'", "fixtures.rb", "<main>", app, false},
		{"/srv/www/shop/releases/20240101120000/Rakefile:3:in `<top (required)>'", "Rakefile", "<top (required)>", app, false},
		{"/opt/jobs/nightly.rb:3:in `<main>'", "jobs/nightly.rb", "<main>", app, false},
		{"-e:1:in `<main>'", "-e", "<main>", app, false},
		{"/app/app/controllers/api/v1/orders_controller.rb:5:in 'Api::V1::OrdersController#show'", "controllers/api/v1/orders_controller.rb", "show", app, false},
		// Blocks, whatever their depth and Ruby version, are the method they are written in.
		{"/app/lib/shop/report.rb:12:in `block (2 levels) in quantities_by_sku'", "shop/report.rb", "quantities_by_sku", app, false},
		{"/app/lib/shop/report.rb:12:in 'block (4 levels) in Shop::Report#quantities_by_sku'", "shop/report.rb", "quantities_by_sku", app, false},
		{"/app/lib/shop/pricing.rb:8:in 'block in Shop::Pricing.total'", "shop/pricing.rb", "total", app, false},
		{"/app/lib/shop/order.rb:10:in `block (2 levels) in <class:Order>'", "shop/order.rb", "<class:Order>", app, false},
		{"/app/lib/shop/order.rb:10:in 'block in <module:Shop>'", "shop/order.rb", "<module:Shop>", app, false},
		{"bin/fixtures.rb:26:in `block (2 levels) in <main>'", "fixtures.rb", "<main>", app, false},
		// rescue/ensure clause frames: gone in Ruby 3.4, followed by the method's own frame before.
		{"/app/lib/shop/importer.rb:16:in `rescue in import'", "shop/importer.rb", "import", app, true},
		{"/app/lib/shop/importer.rb:23:in `ensure in import_with_lock'", "shop/importer.rb", "import_with_lock", app, true},
		{"/app/lib/x.rb:3:in 'rescue in block in Foo#bar'", "x.rb", "bar", app, true},
		// Compiled templates lose the per-process hash and object id.
		{"/app/app/views/orders/show.html.erb:4:in `_app_views_orders_show_html_erb__1695152229_45089'", "views/orders/show.html.erb", "_app_views_orders_show_html_erb", app, false},
		{"/app/app/views/orders/show.html.erb:5:in `block in _app_views_orders_show_html_erb___782169009581459666_60'", "views/orders/show.html.erb", "_app_views_orders_show_html_erb", app, false},
		{"/app/app/views/orders/show.html.erb:3:in '_app_views_orders_show_html_erb__1234567890_98765'", "views/orders/show.html.erb", "_app_views_orders_show_html_erb", app, false},
		{"/app/lib/x.rb:3:in `version__2_0'", "x.rb", "version__2_0", app, false},
		// Anonymous classes: the qualifier, address included, never contributes.
		{"/app/lib/shop/shipping.rb:15:in '#<Class:0x000075a1c3f0e8b8>#price'", "shop/shipping.rb", "price", app, false},
		{"/app/lib/shop/shipping.rb:15:in 'block in #<Class:0x000075a1c3f0e8b8>#price'", "shop/shipping.rb", "price", app, false},
		// Core iteration, conversion and dispatch methods: C (caller's file) in one Ruby, <internal:> in another.
		{"/app/lib/shop/pricing.rb:8:in `sum'", "shop/pricing.rb", "sum", app, true},
		{"/app/lib/shop/pricing.rb:8:in 'Array#sum'", "shop/pricing.rb", "sum", app, true},
		{"current/x.rb:5:in `loop'", "current/x.rb", "loop", app, true},
		{"<internal:kernel>:168:in 'Kernel#loop'", "<internal:kernel>", "loop", thirdP, true},
		{"<internal:numeric>:257:in 'Integer#times'", "<internal:numeric>", "times", thirdP, true},
		{"/app/lib/shop/order.rb:14:in `Integer'", "shop/order.rb", "Integer", app, true},
		{"<internal:kernel>:173:in `Float'", "<internal:kernel>", "Float", thirdP, true},
		{"/app/lib/shop/app.rb:21:in 'Kernel#public_send'", "shop/app.rb", "public_send", app, true},
		{"/app/lib/shop/rules.rb:17:in 'BasicObject#instance_exec'", "shop/rules.rb", "instance_exec", app, true},
		{"/app/lib/shop/rules.rb:17:in 'Kernel#eval'", "shop/rules.rb", "eval", app, true},
		{"/app/lib/x.rb:5:in 'Class#new'", "x.rb", "new", app, true},
		{"<internal:kernel>:90:in `tap'", "<internal:kernel>", "tap", thirdP, true},
		// Kept: names applications define with real logic, even where a core method shares them.
		{"/app/lib/shop/order.rb:14:in 'Hash#fetch'", "shop/order.rb", "fetch", app, false},
		{"/app/lib/shop/order_repository.rb:15:in 'Shop::OrderRepository#method_missing'", "shop/order_repository.rb", "method_missing", app, false},
		{"/app/app/services/charge.rb:9:in 'Charge#call'", "services/charge.rb", "call", app, false},
		{"/app/app/models/settings.rb:6:in 'Settings.load'", "models/settings.rb", "load", app, false},
		{"/app/app/models/comment.rb:6:in 'Comment#reject'", "models/comment.rb", "reject", app, false},
		// Generated code from eval strings.
		{"(eval):1:in `evaluate'", "(eval)", "evaluate", thirdP, true},
		{"(eval at /app/lib/shop/rules.rb:17):1:in 'Shop::Rules#evaluate'", "(eval)", "evaluate", thirdP, true},
		// Gems: the require path, whatever the version, bundle path, Ruby ABI or install root.
		{"/tmp/errorgrouping-fixtures/ruby/app/vendor/bundle/ruby/3.1.0/gems/fakegem-1.2.3/lib/fakegem/retry.rb:18:in `run'", "fakegem/retry.rb", "run", thirdP, false},
		{"/app/vendor/bundle/ruby/3.4.0/gems/fakegem-1.3.0/lib/fakegem/retry.rb:30:in 'Fakegem::Retry#run'", "fakegem/retry.rb", "run", thirdP, false},
		{"/usr/local/bundle/gems/actionview-7.1.2/lib/action_view/template.rb:287:in 'ActionView::Template#handle_render_error'", "action_view/template.rb", "handle_render_error", thirdP, false},
		{"/usr/local/lib/ruby/gems/3.1.0/gems/nokogiri-1.15.4-x86_64-linux/lib/nokogiri/xml/node.rb:10:in `parse'", "nokogiri/xml/node.rb", "parse", thirdP, false},
		{"/usr/local/bundle/bundler/gems/rails-1a2b3c4d5e6f/actionpack/lib/action_controller/metal/strong_parameters.rb:5:in `require'", "action_controller/metal/strong_parameters.rb", "require", thirdP, true},
		{"/usr/local/bundle/gems/devise-4.9.3/app/controllers/devise/sessions_controller.rb:19:in `create'", "devise/app/controllers/devise/sessions_controller.rb", "create", thirdP, false},
		{"/usr/local/bundle/bundler/gems/devise-0123abcd4567/app/controllers/devise/sessions_controller.rb:19:in `create'", "devise/app/controllers/devise/sessions_controller.rb", "create", thirdP, false},
		{"actionpack (7.1.2) lib/action_controller/metal/strong_parameters.rb:474:in `require'", "action_controller/metal/strong_parameters.rb", "require", thirdP, true},
		{"/usr/local/bundle/gems/activerecord-7.1.2/lib/active_record/core.rb:253:in 'ActiveRecord::Core::ClassMethods#find'", "active_record/core.rb", "find", thirdP, false},
		// Standard library: version-free require path; a default gem turned bundled gem keeps it.
		{"/usr/lib/ruby/3.1.0/json/common.rb:216:in `parse'", "json/common.rb", "parse", thirdP, false},
		{"/usr/local/lib/ruby/3.4.0/json/common.rb:221:in 'JSON.parse'", "json/common.rb", "parse", thirdP, false},
		{"/usr/local/lib/ruby/gems/3.4.0/gems/json-2.9.1/lib/json/common.rb:221:in 'JSON.parse'", "json/common.rb", "parse", thirdP, false},
		{"/home/u/.rbenv/versions/3.2.2/lib/ruby/3.2.0/csv.rb:1000:in `parse'", "csv.rb", "parse", thirdP, false},
		{"/usr/lib/ruby/vendor_ruby/rubygems/core_ext/kernel_require.rb:85:in `require'", "rubygems/core_ext/kernel_require.rb", "require", thirdP, true},
		{"/usr/local/lib/ruby/site_ruby/3.1.0/rubygems/core_ext/kernel_require.rb:85:in `require'", "rubygems/core_ext/kernel_require.rb", "require", thirdP, true},
		{"<internal:/usr/local/lib/ruby/3.4.0/rubygems/core_ext/kernel_require.rb>:136:in 'Kernel#require'", "<internal:/usr/local/lib/ruby/3.4.0/rubygems/core_ext/kernel_require.rb>", "require", thirdP, true},
		// Vendored code and executables of the Ruby install.
		{"/app/vendor/plugins/legacy-0.9/lib/legacy.rb:3:in `boot'", "plugins/legacy/lib/legacy.rb", "boot", thirdP, false},
		{"/srv/shop/vendor/acme_sdk/client.rb:3:in `get'", "acme_sdk/client.rb", "get", thirdP, false},
		{"/app/lib/vendor/legacy/parser.rb:3:in `parse'", "legacy/parser.rb", "parse", thirdP, false},
		{"/app/app/models/vendor/invoice.rb:3:in `total'", "models/vendor/invoice.rb", "total", app, false},
		{"/srv/monorepo/gems/shop_core/lib/shop_core/money.rb:3:in `parse'", "shop_core/money.rb", "parse", app, false},
		{"/usr/local/bundle/bin/rake:25:in '<main>'", "bin/rake", "<main>", thirdP, false},
		{"/usr/local/bin/bundle:25:in `load'", "bin/bundle", "load", thirdP, false},
		// Framework dispatch in third-party code is ignored; the same names in app code are not.
		{"/usr/local/bundle/gems/actionpack-7.1.2/lib/abstract_controller/base.rb:224:in 'AbstractController::Base#process_action'", "abstract_controller/base.rb", "process_action", thirdP, true},
		{"/usr/local/bundle/gems/activesupport-7.1.2/lib/active_support/callbacks.rb:121:in 'block in ActiveSupport::Callbacks#run_callbacks'", "active_support/callbacks.rb", "run_callbacks", thirdP, true},
		{"/usr/local/bundle/gems/actionpack-7.1.2/lib/action_dispatch/middleware/executor.rb:14:in `call'", "action_dispatch/middleware/executor.rb", "call", thirdP, true},
		{"/usr/local/bundle/gems/rack-3.0.8/lib/rack/tempfile_reaper.rb:20:in 'Rack::TempfileReaper#call'", "rack/tempfile_reaper.rb", "call", thirdP, true},
		{"/usr/local/bundle/gems/railties-7.1.2/lib/rails/engine.rb:529:in 'Rails::Engine#call'", "rails/engine.rb", "call", thirdP, true},
		{"/usr/local/bundle/gems/puma-6.4.0/lib/puma/thread_pool.rb:155:in 'block in Puma::ThreadPool#spawn_thread'", "puma/thread_pool.rb", "spawn_thread", thirdP, true},
		{"/usr/local/bundle/gems/sidekiq-7.2.0/lib/sidekiq/processor.rb:185:in 'block (4 levels) in Sidekiq::Processor#process'", "sidekiq/processor.rb", "process", thirdP, true},
		{"/usr/local/bundle/gems/datadog-2.0.0/lib/datadog/tracing/contrib/rack/middlewares.rb:60:in `call'", "datadog/tracing/contrib/rack/middlewares.rb", "call", thirdP, true},
		{"/usr/local/lib/ruby/3.4.0/monitor.rb:201:in 'Monitor#synchronize'", "monitor.rb", "synchronize", thirdP, true},
		{"/app/lib/rack/tenant_middleware.rb:9:in `call'", "rack/tenant_middleware.rb", "call", app, false},
	} {
		f := parseFrame(t, tc.line)
		var got frames.Frame
		Normalize(&f, &got)
		if got.Module != tc.module || got.Function != tc.function || got.InApp != tc.inApp || got.Ignored != tc.ignored {
			t.Errorf("%s\n got  module=%q function=%q inApp=%v ignored=%v (%s)\n want module=%q function=%q inApp=%v ignored=%v",
				tc.line, got.Module, got.Function, got.InApp, got.Ignored, got.Reason, tc.module, tc.function, tc.inApp, tc.ignored)
		}
		if (got.Reason == "") != (got.InApp && !got.Ignored) {
			t.Errorf("%s: reason %q for inApp=%v ignored=%v", tc.line, got.Reason, got.InApp, got.Ignored)
		}
	}
}

// TestNormalizeNoAlloc: the common frames (app code, gems, stdlib, blocks, 3.4 labels) return substrings.
func TestNormalizeNoAlloc(t *testing.T) {
	for _, line := range []string{
		"/srv/www/shop/releases/20240101120000/lib/shop/line_item.rb:8:in 'block (2 levels) in Shop::LineItem#subtotal'",
		"/usr/local/bundle/gems/actionpack-7.1.2/lib/abstract_controller/base.rb:224:in 'AbstractController::Base#process_action'",
		"/usr/lib/ruby/3.1.0/json/common.rb:216:in `parse'",
		"/app/app/views/orders/show.html.erb:4:in `_app_views_orders_show_html_erb__1695152229_45089'",
	} {
		f := parseFrame(t, line)
		var out frames.Frame
		if n := testing.AllocsPerRun(100, func() { Normalize(&f, &out) }); n != 0 {
			t.Errorf("%s: %v allocations", line, n)
		}
	}
}

// TestFixtures normalises every frame of the parser's fixtures: reasons are set exactly for frames that do
// not contribute as application code, and nothing of a line number survives.
func TestFixtures(t *testing.T) {
	for _, path := range stacktest.Fixtures(t, stacktest.FixtureDir(t, "ruby")) {
		tr := framestest.ParseFile(t, rubyparse.Parse, path)
		for _, e := range tr.Exceptions {
			for i := range e.Frames {
				var got frames.Frame
				Normalize(&e.Frames[i], &got)
				if (got.Reason == "") != (got.InApp && !got.Ignored) {
					t.Errorf("%s: %q: reason %q for inApp=%v ignored=%v", filepath.Base(path), e.Frames[i].Raw, got.Reason, got.InApp, got.Ignored)
				}
				if strings.Contains(got.Module, ":") && !strings.HasPrefix(got.Module, "<internal:") {
					t.Errorf("%s: %q: module %q keeps a location", filepath.Base(path), e.Frames[i].Raw, got.Module)
				}
			}
		}
	}
}

// TestInvariance checks the deploy-invariance suite: each "same" variant contributes the same frames as
// its base for the whole chain, each "different" variant with its own stack does not, with all frames and
// with a cap of 8 from the crash site.
func TestInvariance(t *testing.T) {
	framestest.Suite{Dir: framestest.Dir(t, "ruby"), Language: "ruby", Parse: rubyparse.Parse, Normalize: Normalize,
		Caps: []int{0, 8}}.Run(t)
}

// TestCorpus checks the labelled corpus: the records of one bug share their type and contributing frames,
// and two bugs of one service never do.
func TestCorpus(t *testing.T) {
	path := filepath.Join(filepath.Dir(stacktest.FixtureDir(t, "ruby")), "..", "corpus", "ruby.jsonl")
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	keys := map[string]string{} // bug -> key
	bugs := map[string]string{} // service + key -> bug
	records := 0
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var r struct{ Bug, Service, Language, Type, Message, Stack string }
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatal(err)
		}
		records++
		var tr stack.Trace
		rubyparse.Parse(r.Stack, stack.Options{}, &tr)
		key := r.Type + "\n" + framestest.Select(&tr, Normalize, 0).Key(false)
		if prev, ok := keys[r.Bug]; ok && prev != key {
			t.Errorf("%s splits:\n%s\nvs\n%s", r.Bug, prev, key)
		}
		keys[r.Bug] = key
		if other, ok := bugs[r.Service+key]; ok && other != r.Bug {
			t.Errorf("%s and %s share:\n%s", other, r.Bug, key)
		}
		bugs[r.Service+key] = r.Bug
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if records < 60 || len(keys) < 12 {
		t.Errorf("%d records, %d bugs", records, len(keys))
	}
}

func BenchmarkNormalize(b *testing.B) {
	framestest.Benchmark(b, rubyparse.Parse, Normalize, stacktest.Fixtures(b, stacktest.FixtureDir(b, "ruby")))
}
