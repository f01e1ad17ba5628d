// Package rules is the engine side of user grouping rules: which errors are grouped at all (include,
// exclude), which frames are the application's own (in_app), how frames contribute (stack rules), and
// fingerprint rules that decide an issue by matchers. Compile validates a Spec once; the Set it returns is
// immutable, safe for concurrent use, and its runtime methods do not allocate in steady state.
//
// Matching:
//   - Patterns are globs: '*' any run of characters, '?' one character, "[abc]", "[a-z]", "[!a-z]"; '\'
//     escapes, except in paths. Matching is hand-written, O(len(value) × len(pattern)) at worst and
//     patterns are at most 256 bytes, so no input can make it blow up.
//   - Case: type, module, function, service, span name, attribute and resource values are case-sensitive
//     (they are identifiers); message and path are not (prose and file systems that ignore case).
//   - module is matched against the normalised module (the class, Go package path, or derived module path
//     shown in error.issue.fingerprint). A pattern without wildcards is a prefix that ends at a name
//     boundary ('.', '/', '\', ':', '$'): "com.mycompany" and "com.mycompany." both match
//     "com.mycompany.orders.Service" and "com.mycompany$Inner" but not "com.mycompanyx.Foo"; a pattern with
//     wildcards must match the whole module ("com.mycompany.*"), '*' crossing dots and slashes.
//   - function is matched against the normalised function; path against the file as printed, with '\'
//     read as '/', '*' staying within a path segment and a "**" segment crossing any number of them
//     ("**/generated/**"); one leading '/' is optional on both sides. A frame without a file never
//     matches a path pattern.
//   - An absent or empty value never matches, not even "*": attributes: {http.route: "*"} means "has a
//     route". Every field given must match (AND).
//   - include/exclude see only what is known before the stack is parsed (the Event), so they reject frame
//     matchers; type and message are then the error's own attributes. Exclude wins over include.
//   - In fingerprint rules, type matches the error's type or the type of any exception of the chain,
//     message the error's message or the message of any exception, frame any frame of any exception (all
//     its fields on the same frame), after in_app and stack rules. The first rule that matches wins.
//
// A fingerprint entry is a literal, used byte for byte, or exactly one {{ variable }}; a title mixes text and
// variables freely. A variable whose value is absent or empty resolves to "<no-NAME>" (Part.Missing).
package rules

import (
	"errors"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"
	"sync"

	"github.com/errorgrouping/errorgrouping/internal/frames"
	"github.com/errorgrouping/errorgrouping/internal/stack"
)

// Spec is the rules part of the processor configuration, as plain values.
type Spec struct {
	InApp            InAppSpec             `mapstructure:"in_app"`
	StackRules       []StackRuleSpec       `mapstructure:"stack_rules"`
	FingerprintRules []FingerprintRuleSpec `mapstructure:"fingerprint_rules"`
	// Include, when non-empty, limits grouping to errors that match one entry.
	Include []MatchSpec `mapstructure:"include"`
	// Exclude leaves errors that match one entry ungrouped, whatever Include says.
	Exclude []MatchSpec `mapstructure:"exclude"`
}

// InAppSpec overrides the built-in in-app decision. Exclude wins over include.
type InAppSpec struct {
	Include []FrameMatchSpec `mapstructure:"include"`
	Exclude []FrameMatchSpec `mapstructure:"exclude"`
}

// FrameMatchSpec matches one frame; every non-empty field must match.
type FrameMatchSpec struct {
	// Module: a prefix ending at a name boundary when it has no wildcard, else a glob on the whole module.
	Module string `mapstructure:"module"`
	// Function: a glob on the normalised function.
	Function string `mapstructure:"function"`
	// Path: a case-insensitive glob on the file path; '*' stays within a segment, "**" crosses them.
	Path string `mapstructure:"path"`
	// Language: java, python, go, nodejs, ruby, dotnet or php (and the telemetry.sdk.language aliases
	// kotlin, scala, clojure, webjs, and jvm, javascript).
	Language string `mapstructure:"language"`
	// InApp: only frames whose current in-app value is this.
	InApp *bool `mapstructure:"in_app"`
}

// StackRuleSpec adjusts the frames that match. Actions: "ignore" (never contributes), "contribute"
// (contributes even when built-in rules call it noise), "ignore_callers" (every frame further from the crash
// site than the crash-nearest matching frame is ignored), "ignore_callees" (every frame nearer to the crash
// site than the farthest matching frame is ignored), "app", "not_app". Range actions leave the matching
// frames themselves to the rule's other actions.
type StackRuleSpec struct {
	Match   FrameMatchSpec `mapstructure:"match"`
	Actions []string       `mapstructure:"actions"`
}

// MatchSpec matches one error; every non-empty field must match (AND).
type MatchSpec struct {
	Service  string `mapstructure:"service"`
	SpanName string `mapstructure:"span_name"`
	// Type: case-sensitive glob on the error type (and, in fingerprint rules, on every exception of the chain).
	Type string `mapstructure:"type"`
	// Message: case-insensitive glob on the raw message.
	Message string `mapstructure:"message"`
	// Attributes: span or log record attributes, key to glob.
	Attributes map[string]string `mapstructure:"attributes"`
	Resource   map[string]string `mapstructure:"resource"`
	// Frame: some frame of the stack matches, all fields on the same frame (fingerprint rules only).
	Frame *FrameMatchSpec `mapstructure:"frame"`
}

// FingerprintRuleSpec sets the fingerprint (and optionally the title) of the errors it matches.
type FingerprintRuleSpec struct {
	Match MatchSpec `mapstructure:"match"`
	// Fingerprint entries are literals, used byte for byte, or exactly one {{ variable }} each.
	Fingerprint []string `mapstructure:"fingerprint"`
	// Title is an optional template: literal text with {{ variables }} anywhere.
	Title string `mapstructure:"title"`
}

// Event is what matchers see of one error before its stack is parsed.
type Event struct {
	Service, SpanName, Type, Message string
	Attribute                        func(key string) (string, bool) // span or log record attributes
	Resource                         func(key string) (string, bool)
}

// FingerprintRule is a compiled fingerprint rule. The Set owns it: callers must not modify it.
type FingerprintRule struct {
	Index int    // position in Spec.FingerprintRules
	Parts []Part // the fingerprint
	Title []Part // nil without a title
	match eventMatcher
}

// Set is a compiled Spec. A nil *Set has no rules.
type Set struct {
	inAppInclude, inAppExclude []frameRule
	stack                      []stackRule
	fingerprint                []FingerprintRule
	include, exclude           []eventMatcher
	attrKeys, resKeys          []string
	scratch                    sync.Pool // *scratch
}

type frameRule struct {
	match  frameMatcher
	reason string // the rule's configuration path, e.g. "in_app.include[0]"
}

type stackRule struct {
	match   frameMatcher
	actions action
	reason  string // "stack_rules[N]"
}

type action uint8

const (
	actIgnore action = 1 << iota
	actContribute
	actIgnoreCallers
	actIgnoreCallees
	actApp
	actNotApp

	ownActions   = actIgnore | actContribute | actApp | actNotApp
	rangeActions = actIgnoreCallers | actIgnoreCallees
)

var actionNames = [...]struct {
	name string
	act  action
}{
	{"ignore", actIgnore}, {"contribute", actContribute}, {"ignore_callers", actIgnoreCallers},
	{"ignore_callees", actIgnoreCallees}, {"app", actApp}, {"not_app", actNotApp},
}

// conflicting pairs cannot both be asked of one frame.
var conflicting = [...][2]action{{actIgnore, actContribute}, {actApp, actNotApp}}

type frameMatcher struct {
	modulePrefix string // a module pattern without wildcards
	module       *glob
	function     *glob
	path         *glob
	lang         stack.Language
	hasLang      bool
	inApp        int8 // 0: any; 1: in-app frames only; -1: other frames only
}

type eventMatcher struct {
	service, spanName, typ, message *glob
	attrs, res                      []keyGlob
	frame                           *frameMatcher
}

type keyGlob struct {
	key string
	g   *glob
}

// Compile validates spec and compiles it. The error joins one message per problem, each naming the
// rule and field as written in the configuration.
func Compile(spec Spec) (*Set, error) {
	c := &compiler{}
	s := &Set{}
	s.inAppInclude = c.frameRules("in_app.include", spec.InApp.Include)
	s.inAppExclude = c.frameRules("in_app.exclude", spec.InApp.Exclude)
	crossDuplicates(c, "in_app.include", spec.InApp.Include, "in_app.exclude", spec.InApp.Exclude)
	for i, r := range spec.StackRules {
		field := fmt.Sprintf("stack_rules[%d]", i)
		if j := indexEqual(spec.StackRules[:i], r); j >= 0 {
			c.addf(field, "duplicate of stack_rules[%d]", j)
		}
		s.stack = append(s.stack, stackRule{
			match:   c.frame(field+".match", r.Match),
			actions: c.actions(field+".actions", r.Actions),
			reason:  field,
		})
	}
	s.include = c.eventMatchers("include", spec.Include)
	s.exclude = c.eventMatchers("exclude", spec.Exclude)
	crossDuplicates(c, "include", spec.Include, "exclude", spec.Exclude)
	for i, r := range spec.FingerprintRules {
		s.fingerprint = append(s.fingerprint, c.fingerprintRule(i, r, spec.FingerprintRules[:i]))
	}
	if err := errors.Join(c.errs...); err != nil {
		return nil, err
	}
	s.attrKeys, s.resKeys = referencedKeys(spec, s.fingerprint)
	return s, nil
}

type compiler struct{ errs []error }

func (c *compiler) addf(field, format string, args ...any) {
	c.errs = append(c.errs, errors.New(field+": "+fmt.Sprintf(format, args...)))
}

func (c *compiler) glob(field, pattern string, mode globMode) *glob {
	if pattern == "" {
		return nil
	}
	g, err := compileGlob(pattern, mode)
	if err != nil {
		c.addf(field, "%v", err)
	}
	return g
}

func (c *compiler) frameRules(field string, specs []FrameMatchSpec) []frameRule {
	var out []frameRule
	for i, fs := range specs {
		f := fmt.Sprintf("%s[%d]", field, i)
		if j := indexEqual(specs[:i], fs); j >= 0 {
			c.addf(f, "duplicate of %s[%d]", field, j)
		}
		out = append(out, frameRule{match: c.frame(f, fs), reason: f})
	}
	return out
}

// crossDuplicates reports include entries that an identical exclude entry always overrides.
func crossDuplicates[T any](c *compiler, inc string, incs []T, exc string, excs []T) {
	for i, in := range incs {
		if j := indexEqual(excs, in); j >= 0 {
			c.addf(fmt.Sprintf("%s[%d]", inc, i), "same matcher as %s[%d], which wins", exc, j)
		}
	}
}

func (c *compiler) frame(field string, fs FrameMatchSpec) frameMatcher {
	var m frameMatcher
	if fs == (FrameMatchSpec{}) {
		c.addf(field, "empty frame matcher matches every frame")
		return m
	}
	if fs.Module != "" {
		if g := c.glob(field+".module", fs.Module, modeExact); g != nil && len(g.seq.mid) == 0 {
			m.modulePrefix = g.seq.prefix // no wildcard: the unescaped text
		} else {
			m.module = g
		}
	}
	m.function = c.glob(field+".function", fs.Function, modeExact)
	m.path = c.glob(field+".path", fs.Path, modePath)
	if fs.Language != "" {
		m.lang, m.hasLang = parseLanguage(fs.Language)
		if !m.hasLang {
			c.addf(field+".language", "unknown language %q (known: java, python, go, nodejs, ruby, dotnet, php)", fs.Language)
		}
	}
	if fs.InApp != nil {
		m.inApp = -1
		if *fs.InApp {
			m.inApp = 1
		}
	}
	return m
}

func parseLanguage(name string) (stack.Language, bool) {
	n := strings.ToLower(strings.TrimSpace(name))
	if l := stack.LanguageFromSDK(n); l != stack.Unknown {
		return l, true
	}
	var l stack.Language
	if l.UnmarshalText([]byte(n)) == nil && l != stack.Unknown {
		return l, true
	}
	return stack.Unknown, false
}

func (c *compiler) actions(field string, names []string) action {
	if len(names) == 0 {
		c.addf(field, "must not be empty")
		return 0
	}
	var acts action
	for i, name := range names {
		f := fmt.Sprintf("%s[%d]", field, i)
		a := parseAction(name)
		switch {
		case a == 0:
			c.addf(f, "unknown action %q (known: ignore, contribute, ignore_callers, ignore_callees, app, not_app)", name)
		case acts&a != 0:
			c.addf(f, "duplicate action %q", name)
		default:
			for _, pair := range conflicting {
				if both := pair[0] | pair[1]; a&both != 0 && acts&(both&^a) != 0 {
					c.addf(f, "%q conflicts with %q", name, actionName(both&^a))
				}
			}
		}
		acts |= a
	}
	return acts
}

func parseAction(name string) action {
	for _, a := range actionNames {
		if a.name == name {
			return a.act
		}
	}
	return 0
}

func actionName(a action) string {
	for _, n := range actionNames {
		if n.act == a {
			return n.name
		}
	}
	return ""
}

func (c *compiler) eventMatchers(field string, specs []MatchSpec) []eventMatcher {
	var out []eventMatcher
	for i, ms := range specs {
		f := fmt.Sprintf("%s[%d]", field, i)
		switch {
		case isEmptyMatch(ms):
			c.addf(f, "empty matcher matches every error")
		case ms.Frame != nil:
			c.addf(f+".frame", "frame matchers are not allowed in include/exclude (the stack is not parsed for errors that are left out)")
		}
		if j := indexEqual(specs[:i], ms); j >= 0 {
			c.addf(f, "duplicate of %s[%d]", field, j)
		}
		out = append(out, c.event(f, ms))
	}
	return out
}

func isEmptyMatch(ms MatchSpec) bool {
	return ms.Service == "" && ms.SpanName == "" && ms.Type == "" && ms.Message == "" &&
		len(ms.Attributes) == 0 && len(ms.Resource) == 0 && ms.Frame == nil
}

func (c *compiler) event(field string, ms MatchSpec) eventMatcher {
	m := eventMatcher{
		service:  c.glob(field+".service", ms.Service, modeExact),
		spanName: c.glob(field+".span_name", ms.SpanName, modeExact),
		typ:      c.glob(field+".type", ms.Type, modeExact),
		message:  c.glob(field+".message", ms.Message, modeFold),
		attrs:    c.keyGlobs(field+".attributes", ms.Attributes),
		res:      c.keyGlobs(field+".resource", ms.Resource),
	}
	if ms.Frame != nil {
		fm := c.frame(field+".frame", *ms.Frame)
		m.frame = &fm
	}
	return m
}

// keyGlobs compiles a key-to-pattern map in key order, so that matching and messages are deterministic.
func (c *compiler) keyGlobs(field string, kv map[string]string) []keyGlob {
	var out []keyGlob
	for _, k := range slices.Sorted(maps.Keys(kv)) {
		f := field + "[" + k + "]"
		switch {
		case k == "":
			c.addf(f, "empty key")
		case kv[k] == "":
			c.addf(f, `empty pattern (use "*" to require the key)`)
		default:
			out = append(out, keyGlob{key: k, g: c.glob(f, kv[k], modeExact)})
		}
	}
	return out
}

func (c *compiler) fingerprintRule(i int, r FingerprintRuleSpec, earlier []FingerprintRuleSpec) FingerprintRule {
	field := fmt.Sprintf("fingerprint_rules[%d]", i)
	for j, e := range earlier {
		if isEmptyMatch(e.Match) {
			c.addf(field, "never applies: fingerprint_rules[%d] has an empty match, so it takes every error first", j)
			break
		}
		if reflect.DeepEqual(e.Match, r.Match) {
			c.addf(field+".match", "same as fingerprint_rules[%d].match, which takes these errors first", j)
			break
		}
	}
	rule := FingerprintRule{Index: i, match: c.event(field+".match", r.Match)}
	if len(r.Fingerprint) == 0 {
		c.addf(field+".fingerprint", "must not be empty")
	}
	for k, e := range r.Fingerprint {
		p, err := parseEntry(e)
		if err != nil {
			c.addf(fmt.Sprintf("%s.fingerprint[%d]", field, k), "%v", err)
		}
		rule.Parts = append(rule.Parts, p)
	}
	if r.Title != "" {
		t, err := parseTemplate(r.Title)
		if err != nil {
			c.addf(field+".title", "%v", err)
		}
		rule.Title = t
	}
	return rule
}

// indexEqual returns the index of the first element of items equal to v, or -1.
func indexEqual[T any](items []T, v T) int {
	return slices.IndexFunc(items, func(x T) bool { return reflect.DeepEqual(x, v) })
}

func referencedKeys(spec Spec, rules []FingerprintRule) (attrs, res []string) {
	add := func(ms MatchSpec) {
		for k := range ms.Attributes {
			attrs = append(attrs, k)
		}
		for k := range ms.Resource {
			res = append(res, k)
		}
	}
	for _, ms := range spec.Include {
		add(ms)
	}
	for _, ms := range spec.Exclude {
		add(ms)
	}
	for i, r := range spec.FingerprintRules {
		add(r.Match)
		for _, p := range slices.Concat(rules[i].Parts, rules[i].Title) {
			switch p.Var {
			case Attribute:
				attrs = append(attrs, p.Key)
			case ResourceAttr:
				res = append(res, p.Key)
			}
		}
	}
	slices.Sort(attrs)
	slices.Sort(res)
	return slices.Compact(attrs), slices.Compact(res)
}

// Empty reports whether the set has no rules at all, so a caller can skip it.
func (s *Set) Empty() bool {
	return s == nil || len(s.inAppInclude)+len(s.inAppExclude)+len(s.stack)+len(s.fingerprint)+
		len(s.include)+len(s.exclude) == 0
}

// AttributeKeys lists, sorted, every span or log record attribute key a rule references, so a caller can
// read only those. The caller must not modify the slice.
func (s *Set) AttributeKeys() []string {
	if s == nil {
		return nil
	}
	return s.attrKeys
}

// ResourceKeys lists, sorted, every resource attribute key a rule references.
func (s *Set) ResourceKeys() []string {
	if s == nil {
		return nil
	}
	return s.resKeys
}

// Tracked reports whether the error is grouped: it matches an include entry (or there is none) and no
// exclude entry.
func (s *Set) Tracked(ev *Event) bool {
	if s == nil {
		return true
	}
	if len(s.include) > 0 && !anyTracked(s.include, ev) {
		return false
	}
	return !anyTracked(s.exclude, ev)
}

func anyTracked(ms []eventMatcher, ev *Event) bool {
	for i := range ms {
		m := &ms[i]
		if m.matchesFields(ev) && matchValue(m.typ, ev.Type) && matchValue(m.message, ev.Message) {
			return true
		}
	}
	return false
}

// matchValue reports whether an optional glob holds for v: an absent glob always holds, an empty value never.
func matchValue(g *glob, v string) bool {
	return g == nil || (v != "" && g.match(v))
}

// matchesFields checks everything but type, message and frame, which depend on the stack.
func (m *eventMatcher) matchesFields(ev *Event) bool {
	return matchValue(m.service, ev.Service) && matchValue(m.spanName, ev.SpanName) &&
		matchKeys(m.attrs, ev.Attribute) && matchKeys(m.res, ev.Resource)
}

func matchKeys(kgs []keyGlob, get func(string) (string, bool)) bool {
	for i := range kgs {
		if !matchValue(kgs[i].g, lookup(get, kgs[i].key)) {
			return false
		}
	}
	return true
}

// ApplyFrames adjusts, in place, the normalised frames of one exception (crash site first; raw[i] is the
// parsed frame of norm[i]) of a stack in language lang: in_app exclude, else include, first; then each stack
// rule in order, so later rules win. Within one rule, range actions go first and the matching frames' own
// actions after, so a matching frame keeps what its rule says of it. Reason names the last rule that acted
// on a frame, except that an in-app change keeps the reason an ignored frame is ignored.
func (s *Set) ApplyFrames(lang stack.Language, raw []stack.Frame, norm []frames.Frame) {
	if s == nil {
		return
	}
	n := min(len(raw), len(norm))
	raw, norm = raw[:n], norm[:n]
	if len(s.inAppInclude)+len(s.inAppExclude) > 0 {
		for i := range norm {
			s.applyInApp(lang, &raw[i], &norm[i])
		}
	}
	for k := range s.stack {
		r := &s.stack[k]
		if r.match.hasLang && r.match.lang != lang {
			continue
		}
		if r.actions&rangeActions != 0 {
			r.applyRanges(lang, raw, norm)
		}
		if r.actions&ownActions != 0 {
			for i := range norm {
				if r.match.matches(lang, &raw[i], &norm[i]) {
					r.applyOwn(&norm[i])
				}
			}
		}
	}
}

func (s *Set) applyInApp(lang stack.Language, raw *stack.Frame, f *frames.Frame) {
	for i := range s.inAppExclude {
		if r := &s.inAppExclude[i]; r.match.matches(lang, raw, f) {
			setInApp(f, false, r.reason)
			return
		}
	}
	for i := range s.inAppInclude {
		if r := &s.inAppInclude[i]; r.match.matches(lang, raw, f) {
			setInApp(f, true, r.reason)
			return
		}
	}
}

func setInApp(f *frames.Frame, inApp bool, reason string) {
	f.InApp = inApp
	if !f.Ignored {
		f.Reason = reason
	}
}

func (r *stackRule) applyRanges(lang stack.Language, raw []stack.Frame, norm []frames.Frame) {
	first, last := -1, -1
	for i := range norm {
		if r.match.matches(lang, &raw[i], &norm[i]) {
			if first < 0 {
				first = i
			}
			last = i
		}
	}
	if first < 0 {
		return
	}
	if r.actions&actIgnoreCallers != 0 {
		for i := first + 1; i < len(norm); i++ {
			norm[i].Ignored, norm[i].Reason = true, r.reason
		}
	}
	if r.actions&actIgnoreCallees != 0 {
		for i := 0; i < last; i++ {
			norm[i].Ignored, norm[i].Reason = true, r.reason
		}
	}
}

func (r *stackRule) applyOwn(f *frames.Frame) {
	switch {
	case r.actions&actIgnore != 0:
		f.Ignored, f.Reason = true, r.reason
	case r.actions&actContribute != 0:
		f.Ignored, f.Reason = false, r.reason
	}
	switch {
	case r.actions&actApp != 0:
		setInApp(f, true, r.reason)
	case r.actions&actNotApp != 0:
		setInApp(f, false, r.reason)
	}
}

func (m *frameMatcher) matches(lang stack.Language, raw *stack.Frame, f *frames.Frame) bool {
	return (!m.hasLang || lang == m.lang) &&
		(m.inApp == 0 || f.InApp == (m.inApp > 0)) &&
		(m.modulePrefix == "" || hasModulePrefix(f.Module, m.modulePrefix)) &&
		(m.module == nil || m.module.match(f.Module)) &&
		(m.function == nil || m.function.match(f.Function)) &&
		matchValue(m.path, raw.File)
}

// hasModulePrefix reports whether mod is p or lies under p: the prefix must end at a name boundary.
func hasModulePrefix(mod, p string) bool {
	if !strings.HasPrefix(mod, p) {
		return false
	}
	return len(mod) == len(p) || isModuleSep(p[len(p)-1]) || isModuleSep(mod[len(p)])
}

func isModuleSep(c byte) bool {
	return c == '.' || c == '/' || c == '\\' || c == ':' || c == '$'
}

// scratch holds the adjusted frames of one trace while Match runs.
type scratch struct{ frames []frames.Frame }

// maxPooledFrames keeps a rare huge stack from pinning its scratch memory in the pool.
const maxPooledFrames = 4096

// Match returns the first fingerprint rule whose matchers all hold for ev and the parsed chain (nil when
// the error has no stack), or nil. Frames are normalised with norm (frames.Generic when nil) and adjusted
// as ApplyFrames does before frame matchers see them.
func (s *Set) Match(ev *Event, trace *stack.Trace, norm frames.NormalizeFunc) *FingerprintRule {
	if s == nil {
		return nil
	}
	var sc *scratch
	var found *FingerprintRule
	for i := range s.fingerprint {
		r := &s.fingerprint[i]
		m := &r.match
		if !m.matchesFields(ev) || !m.matchesChain(ev, trace) {
			continue
		}
		if m.frame != nil {
			if trace == nil {
				continue
			}
			if sc == nil {
				sc = s.adjust(trace, norm)
			}
			if !sc.anyFrame(m.frame, trace) {
				continue
			}
		}
		found = r
		break
	}
	if sc != nil && cap(sc.frames) <= maxPooledFrames {
		s.scratch.Put(sc)
	}
	return found
}

func (m *eventMatcher) matchesChain(ev *Event, t *stack.Trace) bool {
	if m.typ != nil && !matchValue(m.typ, ev.Type) && !anyException(m.typ, t, true) {
		return false
	}
	return m.message == nil || matchValue(m.message, ev.Message) || anyException(m.message, t, false)
}

func anyException(g *glob, t *stack.Trace, typ bool) bool {
	if t == nil {
		return false
	}
	for i := range t.Exceptions {
		v := t.Exceptions[i].Message
		if typ {
			v = t.Exceptions[i].Type
		}
		if matchValue(g, v) {
			return true
		}
	}
	return false
}

// adjust normalises every frame of the trace and applies the frame rules, exception by exception.
func (s *Set) adjust(t *stack.Trace, norm frames.NormalizeFunc) *scratch {
	if norm == nil {
		norm = frames.Generic
	}
	sc, _ := s.scratch.Get().(*scratch)
	if sc == nil {
		sc = new(scratch)
	}
	sc.frames = slices.Grow(sc.frames[:0], t.FrameCount())
	for i := range t.Exceptions {
		e := &t.Exceptions[i]
		start := len(sc.frames)
		sc.frames = sc.frames[:start+len(e.Frames)]
		for j := range e.Frames {
			sc.frames[start+j] = frames.Frame{}
			norm(&e.Frames[j], &sc.frames[start+j])
		}
		s.ApplyFrames(t.Language, e.Frames, sc.frames[start:])
	}
	return sc
}

func (sc *scratch) anyFrame(m *frameMatcher, t *stack.Trace) bool {
	k := 0
	for i := range t.Exceptions {
		e := &t.Exceptions[i]
		for j := range e.Frames {
			if m.matches(t.Language, &e.Frames[j], &sc.frames[k]) {
				return true
			}
			k++
		}
	}
	return false
}

// CrashFrame returns the frame {{ function }} and {{ module }} name among the adjusted frames of one
// exception: the crash-side in-app frame, else the crash-side frame; ignored frames and frames that name
// nothing are skipped. It returns nil when no frame qualifies.
func CrashFrame(norm []frames.Frame) *frames.Frame {
	var first *frames.Frame
	for i := range norm {
		f := &norm[i]
		if f.Ignored || (f.Module == "" && f.Function == "") {
			continue
		}
		if f.InApp {
			return f
		}
		if first == nil {
			first = f
		}
	}
	return first
}
