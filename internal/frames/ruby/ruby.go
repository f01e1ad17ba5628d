// Package ruby normalises Ruby backtrace frames (parsed by internal/stackparse/ruby) for grouping.
//
// Function is the bare method name, so the same bug keeps its issue across the Ruby 3.3 -> 3.4 upgrade,
// where `bar' became 'Foo#bar' / 'Foo.bar': the class qualifier that 3.4 prints never contributes.
//   - "block in foo", "block (3 levels) in foo" and 3.4's "block in Foo#foo" become "foo": a block is code
//     of the method it is written in, as a closure is elsewhere, so nesting depth, recursion through blocks
//     and the common refactor of wrapping a body in a block (transaction do ... end) do not split issues.
//     Two raises in the same method, one inside a block and one outside, are the same function, as two
//     raises in one method are in every language.
//   - "rescue in foo" / "ensure in foo" frames are Ignored: Ruby 3.4 no longer prints them, and older
//     Rubies print the frame of foo itself right after them.
//   - Compiled template methods (`_app_views_orders_show_html_erb__1234567890_98765`) lose the
//     per-process hash and object id suffix.
//   - <main>, <top (required)>, <class:Foo>, <module:Bar> are kept as printed.
//
// Module is a stable file path, never the class (Ruby < 3.4 does not print it):
//   - installed gems (any ".../gems/<name>-<version>/" directory: bundler, system and vendored gems;
//     bundler git checkouts ".../bundler/gems/<name>-<sha>/"; a monorepo's gems/<name>/ without a
//     version is application code): the require path, that is the path after the gem's
//     lib/ directory ("action_controller/metal.rb"); files outside lib/ keep the gem name without version
//     ("devise/app/controllers/devise/sessions_controller.rb"). Rails' backtrace cleaner form
//     "actionpack (7.1.2) lib/x.rb" is read the same way.
//   - the standard library (".../lib/ruby/<abi>/", site_ruby, vendor_ruby, JRuby's stdlib): the require
//     path ("json/common.rb"). Using require paths for both means a default gem that becomes a bundled gem
//     in a Ruby upgrade (csv, base64 in 3.4) keeps its module.
//   - application code, whose install root is unknowable (/app, /srv/www/shop/releases/20240101120000,
//     /home/deploy/shop, relative paths from Rails' backtrace cleaner): the path after the last
//     conventional top-level directory (app/, lib/, config/, bin/, exe/, script/, db/, spec/, test/), so
//     "/app/app/models/order.rb" and "/srv/x/releases/1/app/models/order.rb" are both "models/order.rb".
//     Taking the last one keeps roots that contain such a name (/app, /var/lib/shop) out. The trade-off:
//     directories between that marker and the file's parent are kept, those above it are lost, so
//     "lib/a/app/x.rb" and "lib/b/app/x.rb" share the module "x.rb" (the function still has to match
//     too). Without a marker the path after a Capistrano/Mina "releases/<number>/" directory is kept,
//     otherwise the parent directory and file name. Application paths are not version-cleaned: "api/v1"
//     and "api/v2" are different code.
//
// InApp: everything except installed gems, vendor/ directories (not those of an application namespace such
// as app/models/vendor/), the standard library and RubyGems, Ruby installs and their executables
// (/usr/bin, /usr/local/bin, bundle/bin, rbenv, rvm, asdf) and <internal:...>.
//
// Ignored:
//   - <internal:...> core code, and (eval) strings: generated code that each Ruby version locates
//     differently ("(eval)" then "(eval at file:line)"), whose label repeats the method that evaluated it.
//   - core iteration, conversion and dispatch methods (each, map, sum, times, loop, tap, then, Integer,
//     Float, send, public_send, instance_exec, eval, new, require, synchronize...). Ruby prints them under
//     the caller's file when they are written in C and under <internal:...> when written in Ruby, and
//     several moved between the two across versions (loop, times, tap, Float), so they are dropped whatever
//     the file says; a name alone cannot tell 3.1's C `loop' from an application's own, so an
//     application method with such a name is dropped too. Names applications commonly define with real
//     logic (call, fetch, find, load, select, reject, method_missing) are kept: core classes implement
//     them in C, which prints the same way in every version. define_method bodies print as blocks of the
//     class body ("<class:Order>"): Ruby does not print the defined name, so that is what is kept.
//   - in third-party code only, framework dispatch that merely routes a call to the application: Rack and
//     Rails middleware, controller callbacks and action processing, routing, notifications, app servers
//     and their thread pools, Sidekiq's processor, Rake, concurrent-ruby executors, delegate/forwardable/
//     monitor/timeout, APM wrappers and code loaders (RubyGems, Bundler, Bootsnap, Zeitwerk).
package ruby

import (
	"strings"

	"github.com/errorgrouping/errorgrouping/internal/frames"
	"github.com/errorgrouping/errorgrouping/internal/stack"
)

// Reasons.
const (
	reasonGem       = "third-party: gem"
	reasonVendor    = "third-party: vendor"
	reasonStdlib    = "runtime: stdlib"
	reasonInstall   = "runtime: ruby install"
	reasonInternal  = "runtime: internal"
	reasonEval      = "generated: eval"
	reasonClause    = "rescue/ensure clause"
	reasonCore      = "core iteration/dispatch"
	reasonFramework = "framework dispatch"
	reasonTelemetry = "telemetry wrapper"
	reasonLoader    = "code loading"
	reasonUnknown   = "no location"
)

// Normalize fills out with what f contributes to grouping.
func Normalize(f *stack.Frame, out *frames.Frame) {
	*out = frames.Frame{}
	name, clause := method(f.Function, f.Module)
	out.Function = trimTemplateSuffix(name)

	file := f.File
	switch {
	case file == "":
		out.Reason = reasonUnknown
		return
	case strings.HasPrefix(file, "<internal:"):
		out.Module, out.Ignored, out.Reason = file, true, reasonInternal
		return
	case strings.HasPrefix(file, "(eval"):
		out.Module, out.Ignored, out.Reason = "(eval)", true, reasonEval
		return
	}
	var thirdParty bool
	out.Module, out.Reason, thirdParty = locate(file)
	out.InApp = !thirdParty
	switch {
	case clause:
		out.Ignored, out.Reason = true, reasonClause
	case isCoreNoise(name):
		out.Ignored, out.Reason = true, reasonCore
	case thirdParty:
		if r := frameworkReason(out.Module); r != "" {
			out.Ignored, out.Reason = true, r
		}
	}
}

// method strips the block/rescue/ensure scopes and the class qualifier from a label. The parser puts the
// class Ruby 3.4 prints into class, and leaves it inside the label when a scope prefix precedes it.
func method(label, class string) (name string, clause bool) {
	name = label
	for {
		switch {
		case strings.HasPrefix(name, "block in "):
			name = name[len("block in "):]
		case strings.HasPrefix(name, "rescue in "):
			name, clause = name[len("rescue in "):], true
		case strings.HasPrefix(name, "ensure in "):
			name, clause = name[len("ensure in "):], true
		case strings.HasPrefix(name, "block ("):
			rest, ok := cutLevels(name[len("block ("):])
			if !ok {
				return name, clause
			}
			name = rest
		default:
			if n := len(class); n > 0 && len(name) > n+1 && strings.HasPrefix(name, class) &&
				(name[n] == '#' || name[n] == '.') {
				name = name[n+1:]
			}
			return name, clause
		}
	}
}

// cutLevels removes "N levels) in " from the start of s.
func cutLevels(s string) (string, bool) {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i == 0 || !strings.HasPrefix(s[i:], " levels) in ") {
		return s, false
	}
	return s[i+len(" levels) in "):], true
}

// trimTemplateSuffix removes the "__<hash>_<object id>" that ActionView (and Tilt-style compilers) append
// to compiled template methods; a negative hash shows as one more underscore.
func trimTemplateSuffix(name string) string {
	if name == "" || name[0] != '_' {
		return name
	}
	i := skipDigits(name, len(name)) // object id
	if i == len(name) || i < 2 || name[i-1] != '_' {
		return name
	}
	j := skipDigits(name, i-1) // hash
	if j == i-1 || j < 3 || name[j-1] != '_' || name[j-2] != '_' {
		return name
	}
	for j > 1 && name[j-1] == '_' {
		j--
	}
	return name[:j]
}

// skipDigits returns the start of the run of digits that ends at end.
func skipDigits(s string, end int) int {
	for end > 0 && s[end-1] >= '0' && s[end-1] <= '9' {
		end--
	}
	return end
}

// pathMarks are the positions of the directories that classify a path, found in one scan. Each is the
// offset where the path after that directory starts, or -1.
type pathMarks struct {
	gems      int  // after the last gems/
	gitGem    bool // that gems/ is bundler/gems/ (git checkouts)
	libRuby   int  // after the last lib/ruby/
	rubygems  int  // at the last rubygems/ (kept in the module)
	vendor    int  // after the last vendor/ that holds third-party code
	bin       int  // at the last bin/ (kept in the module)
	install   bool // a Ruby install or version manager directory
	appDir    int  // after the last conventional application directory
	release   int  // after the last releases/<number>/
	lastSlash int
}

func scan(file string) pathMarks {
	m := pathMarks{gems: -1, libRuby: -1, rubygems: -1, vendor: -1, bin: -1, appDir: -1, release: -1, lastSlash: -1}
	var prev, prev2 string
	start := 0
	for i := 0; i < len(file); i++ {
		if file[i] != '/' {
			continue
		}
		seg, next := file[start:i], i+1
		m.lastSlash = i
		switch seg {
		case "gems":
			m.gems, m.gitGem = next, prev == "bundler"
		case "ruby":
			if prev == "lib" {
				m.libRuby = next
			}
		case "rubygems":
			m.rubygems = start
		case "vendor":
			// A vendor/ nested below an application directory (app/models/vendor/ for a Vendor model
			// namespace) is application code; one right under the root, app/ or lib/ is not.
			if m.appDir < 0 || prev == "app" || prev == "lib" {
				m.vendor = next
			}
		case "bin":
			m.bin = start
			if prev == "usr" || prev == "bundle" || prev == "local" && prev2 == "usr" {
				m.install = true
			}
		case ".rbenv", ".rvm", "rubies", ".gem", ".asdf":
			m.install = true
		}
		if isAppDir(seg) {
			m.appDir = next
		}
		if prev == "releases" && seg != "" && skipDigits(seg, len(seg)) == 0 {
			m.release = next
		}
		prev2, prev, start = prev, seg, next
	}
	return m
}

// locate returns the module of a file path, why it is not in-app, and whether it is third-party code.
func locate(file string) (module, reason string, thirdParty bool) {
	m := scan(file)
	if m.gems >= 0 {
		if mod, ok := gemModule(file[m.gems:], m.gitGem); ok {
			return mod, reasonGem, true
		}
	} else if mod, ok := cleanerGemModule(file); ok {
		return mod, reasonGem, true
	}
	switch {
	case m.libRuby >= 0:
		return stdlibModule(file[m.libRuby:]), reasonStdlib, true
	case m.rubygems >= 0:
		return file[m.rubygems:], reasonStdlib, true
	case m.vendor >= 0:
		return frames.CleanPath(file[m.vendor:]), reasonVendor, true
	case m.install && m.bin >= 0:
		return file[m.bin:], reasonInstall, true
	case m.install:
		return file[m.lastSlash+1:], reasonInstall, true
	case m.appDir >= 0 && m.appDir > m.release:
		return file[m.appDir:], "", false
	case m.release >= 0:
		return file[m.release:], "", false
	}
	return lastSegments(strings.TrimPrefix(file, "./"), 2), "", false
}

// gemModule reads "<name>-<version>/<path>", the part of an installed gem's path after gems/.
func gemModule(rest string, git bool) (string, bool) {
	dir, inner, ok := strings.Cut(rest, "/")
	if !ok || dir == "" {
		return "", false
	}
	name := frames.TrimVersionSuffix(dir)
	if git && name == dir {
		name = trimGitSuffix(dir)
	}
	// Installed gems always carry a version (or a git sha); a bare gems/<name>/ is a path gem of a
	// monorepo, the application's own code.
	if name == dir {
		return "", false
	}
	return requirePath(name, inner), true
}

// cleanerGemModule reads Rails' backtrace cleaner form "actionpack (7.1.2) lib/x.rb".
func cleanerGemModule(file string) (string, bool) {
	i := strings.Index(file, " (")
	if i <= 0 || strings.IndexByte(file[:i], '/') >= 0 {
		return "", false
	}
	j := strings.Index(file[i:], ") ")
	if j < 0 || !frames.IsVersion(file[i+2:i+j]) {
		return "", false
	}
	return requirePath(file[:i], file[i+j+2:]), true
}

// requirePath is the path a gem file is required by: gems load from lib/, monorepo git checkouts from
// <subgem>/lib/. Other files keep the gem name.
func requirePath(name, inner string) string {
	if strings.HasPrefix(inner, "lib/") {
		return inner[len("lib/"):]
	}
	if k := strings.Index(inner, "/lib/"); k > 0 && strings.IndexByte(inner[:k], '/') < 0 {
		return inner[k+len("/lib/"):]
	}
	return name + "/" + inner
}

// trimGitSuffix drops the "-<short sha>" bundler appends to git checkouts.
func trimGitSuffix(dir string) string {
	i := strings.LastIndexByte(dir, '-')
	if i <= 0 || len(dir)-i-1 < 7 {
		return dir
	}
	for _, c := range []byte(dir[i+1:]) {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return dir
		}
	}
	return dir[:i]
}

// stdlibModule drops the ABI version and site/vendor directories after "lib/ruby/".
func stdlibModule(rest string) string {
	first, after, ok := strings.Cut(rest, "/")
	if !ok {
		return rest
	}
	switch {
	case frames.IsVersion(first), first == "stdlib":
		return after
	case first == "site_ruby" || first == "vendor_ruby":
		if v, a, ok := strings.Cut(after, "/"); ok && frames.IsVersion(v) {
			return a
		}
		return after
	}
	return rest
}

// isAppDir reports the conventional top-level directories of a Ruby application.
func isAppDir(seg string) bool {
	switch seg {
	case "app", "lib", "config", "bin", "exe", "script", "db", "spec", "test":
		return true
	}
	return false
}

// lastSegments returns the last n slash-separated segments of path.
func lastSegments(path string, n int) string {
	i := len(path)
	for ; n > 0; n-- {
		i = strings.LastIndexByte(path[:i], '/')
		if i < 0 {
			return path
		}
	}
	return path[i+1:]
}

// isCoreNoise reports core methods that only iterate, convert or dispatch (see the package comment).
func isCoreNoise(name string) bool {
	switch name {
	case "each", "each_with_index", "each_with_object", "each_entry", "each_pair", "each_key", "each_value",
		"each_slice", "each_cons", "each_index", "reverse_each", "map", "map!", "collect", "collect!",
		"flat_map", "collect_concat", "filter_map", "sum", "inject", "reduce", "times", "upto", "downto",
		"loop", "group_by", "sort_by", "sort_by!", "min_by", "max_by", "any?", "all?", "none?", "one?",
		"tap", "then", "yield_self", "Integer", "Float", "String", "Array", "Hash", "Rational", "Complex",
		"send", "__send__", "public_send", "instance_eval", "instance_exec", "class_eval", "class_exec",
		"module_eval", "module_exec", "eval", "new", "require", "require_relative", "synchronize":
		return true
	}
	return false
}

// frameworkReason says why a third-party module (a require path) only routes a call to the application,
// or returns "".
func frameworkReason(module string) string {
	top, rest, _ := strings.Cut(module, "/")
	switch top {
	case "rack", "rails", "puma", "unicorn", "phusion_passenger", "falcon", "sidekiq", "rake",
		"monitor.rb", "delegate.rb", "forwardable.rb", "forwardable", "timeout.rb":
		return reasonFramework
	case "action_dispatch":
		if strings.HasPrefix(rest, "middleware/") || strings.HasPrefix(rest, "journey/") || rest == "routing/route_set.rb" {
			return reasonFramework
		}
	case "abstract_controller":
		if rest == "base.rb" || rest == "callbacks.rb" {
			return reasonFramework
		}
	case "action_controller":
		switch rest {
		case "metal.rb", "metal/basic_implicit_render.rb", "metal/instrumentation.rb", "metal/params_wrapper.rb",
			"metal/rendering.rb", "metal/rescue.rb":
			return reasonFramework
		}
	case "active_support":
		if rest == "callbacks.rb" || rest == "notifications.rb" || strings.HasPrefix(rest, "notifications/") ||
			rest == "execution_wrapper.rb" || rest == "reloader.rb" {
			return reasonFramework
		}
	case "concurrent":
		if strings.HasPrefix(rest, "executor/") {
			return reasonFramework
		}
	case "datadog", "ddtrace", "new_relic", "opentelemetry", "sentry", "scout_apm", "skylight", "appsignal",
		"elastic_apm":
		return reasonTelemetry
	case "bootsnap", "zeitwerk", "rubygems", "bundler":
		return reasonLoader
	}
	return ""
}
