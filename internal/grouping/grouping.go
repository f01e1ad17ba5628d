// Package grouping decides which issue an error belongs to: it picks the strategy that applies (custom
// fingerprint, stack trace, exception, message, fallback), builds the fingerprint parts, and derives the
// issue id, title and culprit. It works on plain Go values so it can be tested and benchmarked alone.
package grouping

import (
	"encoding/binary"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/errorgrouping/errorgrouping/internal/issuecache"
	"github.com/errorgrouping/errorgrouping/internal/message"
	"github.com/errorgrouping/errorgrouping/internal/rules"
	"github.com/errorgrouping/errorgrouping/internal/stack"
)

// Kind names the strategy that decided an issue; its String is the stamped error.issue.grouping value.
type Kind uint8

const (
	Custom Kind = iota
	Rule
	Stacktrace
	Exception
	Message
	Fallback
)

var kindNames = [...]string{"custom", "rule", "stacktrace", "exception", "message", "fallback"}

func (k Kind) String() string { return kindNames[k] }

// Versions lists the grouping versions this build can compute. A change that moves any issue id ships as a
// new version, and the old one stays computable so users upgrade when they choose.
var Versions = []int{1}

// LatestVersion is the default grouping version.
const LatestVersion = 1

// DefaultMaxTitleLength bounds error.issue.title in bytes.
const DefaultMaxTitleLength = 200

// Error is one error occurrence, as plain values read from a span or log record.
type Error struct {
	// Service is the service.name of the resource: issues never span services.
	Service string `json:"service,omitempty"`
	// Scope holds the values of the configured extra scope keys, in configuration order.
	Scope []string `json:"scope,omitempty"`
	// Operation is the span name (or log event name): the last resort when nothing else names the error.
	Operation string `json:"operation,omitempty"`
	// Language is the resource's telemetry.sdk.language; stack.Unknown lets the stack text tell.
	Language stack.Language `json:"language,omitempty"`

	// Fingerprint is the custom fingerprint from the span (error.fingerprint). A string attribute is one
	// part used byte for byte; an array attribute gives several parts (FingerprintIsArray), where
	// "{{ default }}" stands for the fingerprint the engine would derive.
	Fingerprint        []string `json:"fingerprint,omitempty"`
	FingerprintIsArray bool     `json:"fingerprint_is_array,omitempty"`

	Type    string `json:"type,omitempty"`
	Message string `json:"message,omitempty"`
	Stack   string `json:"stack,omitempty"`

	// RuleAttributes and RuleResource hold the values of the span (or log record) and resource attributes
	// the rules reference, in the order of Options.Rules' AttributeKeys and ResourceKeys; empty for absent.
	RuleAttributes []string `json:"rule_attributes,omitempty"`
	RuleResource   []string `json:"rule_resource,omitempty"`
}

// Issue is what the engine stamps.
type Issue struct {
	ID          string // 32 lowercase hex digits: the 128-bit issue id
	Fingerprint string // the custom fingerprint itself, or a readable form of the derived parts
	Kind        Kind
	Title       string
	// Culprit names the crash-side application frame ("com.acme.OrderService in process"); empty without frames.
	Culprit string
	// StackParsed is set when the error's stack text gave at least one frame.
	StackParsed bool
	// Explanation says what decided the issue; empty unless Options.Explain.
	Explanation string
}

// Options configure an Engine.
type Options struct {
	Version        int   // 0 means LatestVersion
	MaxTitleLength int   // 0 means DefaultMaxTitleLength
	MaxFrames      int   // 0 means DefaultMaxFrames
	MaxStackBytes  int   // 0 means stack.DefaultMaxBytes
	CacheEntries   int   // issues kept for errors seen again; 0 disables the cache
	CacheBytes     int64 // the cache's byte bound; 0 means DefaultCacheBytes
	Rules          *rules.Set
	Explain        bool // fill Issue.Explanation
}

// Engine computes issues. It is safe for concurrent use.
type Engine struct {
	version        int
	maxTitleLength int
	maxFrames      int
	maxStackBytes  int
	scratch        sync.Pool
	cache          *issuecache.Cache[Issue] // nil when disabled
	rules          *rules.Set
	explainIssues  bool
}

// New returns an Engine for opts, which the caller has validated.
func New(opts Options) *Engine {
	e := &Engine{version: opts.Version, maxTitleLength: opts.MaxTitleLength, maxFrames: opts.MaxFrames,
		maxStackBytes: opts.MaxStackBytes}
	if e.version == 0 {
		e.version = LatestVersion
	}
	if e.maxTitleLength <= 0 {
		e.maxTitleLength = DefaultMaxTitleLength
	}
	if e.maxFrames <= 0 {
		e.maxFrames = DefaultMaxFrames
	}
	if e.maxStackBytes <= 0 {
		e.maxStackBytes = stack.DefaultMaxBytes
	}
	e.scratch.New = func() any { return new(scratch) }
	e.cache = newCache(opts)
	e.rules, e.explainIssues = opts.Rules, opts.Explain
	return e
}

// scratch holds the per-call state, pooled so that concurrent callers share nothing.
type scratch struct {
	enc      idEncoder
	parts    parts
	readable []byte
	msg      []byte
	chain    chain
	// hasStack is set when the error's stack parsed into at least one exception.
	hasStack bool
	// typ and message are the error's own, or the reported exception's from the stack text.
	typ, message string
	// event is what the rules see of the error.
	event       rules.Event
	lookup      ruleLookup
	explanation []byte
}

// parts are fingerprint parts stored back to back in one arena.
type parts struct {
	arena []byte
	refs  []partRef
}

type partRef struct {
	tag        byte
	start, end int
}

func (p *parts) reset() { p.arena, p.refs = p.arena[:0], p.refs[:0] }

func (p *parts) add(tag byte, s string) {
	start := len(p.arena)
	p.arena = append(p.arena, s...)
	p.refs = append(p.refs, partRef{tag, start, len(p.arena)})
}

func (p *parts) addBytes(tag byte, s []byte) {
	start := len(p.arena)
	p.arena = append(p.arena, s...)
	p.refs = append(p.refs, partRef{tag, start, len(p.arena)})
}

func (p *parts) get(i int) []byte { r := p.refs[i]; return p.arena[r.start:r.end] }

// truncate drops the parts from index mark on.
func (p *parts) truncate(mark int) {
	if mark < len(p.refs) {
		p.arena = p.arena[:p.refs[mark].start]
		p.refs = p.refs[:mark]
	}
}

// encode returns the parts from index mark on in the same tagged, length-prefixed form the id hashes.
func (p *parts) encode(mark int) []byte {
	var out []byte
	for i := mark; i < len(p.refs); i++ {
		out = appendField(out, p.refs[i].tag, p.get(i))
	}
	return out
}

func appendField(dst []byte, tag byte, v []byte) []byte {
	dst = append(dst, tag)
	dst = binary.AppendUvarint(dst, uint64(len(v)))
	return append(dst, v...)
}

// group computes the issue of err; Group answers from the cache when it can.
func (e *Engine) group(err *Error) Issue {
	s := e.scratch.Get().(*scratch)
	defer e.scratch.Put(s)
	s.parts.reset()
	s.readable = s.readable[:0]
	e.readError(s, err)

	var issue Issue
	switch {
	case len(err.Fingerprint) > 0 && !(err.FingerprintIsArray && isDefaultOnly(err.Fingerprint)):
		issue.Kind = Custom
		issue.Fingerprint = e.custom(s, err)
	default:
		if rule := e.matchRule(s, err); rule != nil {
			issue.Kind = Rule
			issue.Fingerprint, issue.Title = e.ruleFingerprint(s, err, rule)
		} else {
			issue.Kind = e.derive(s, err)
			issue.Fingerprint = string(s.readable)
		}
	}
	issue.ID = e.issueID(s, err)
	if s.hasStack {
		issue.Culprit = s.culprit()
		issue.StackParsed = s.chain.trace.FrameCount() > 0
	}
	if issue.Title == "" {
		issue.Title = e.title(s, err, issue.Culprit)
	}
	if e.explainIssues {
		issue.Explanation = e.explain(s, err, issue.Kind)
	}
	return issue
}

// readError parses the stack and settles the type and message: the error's own attributes win, the
// reported exception of the stack text fills what they leave out.
func (e *Engine) readError(s *scratch, err *Error) {
	s.typ, s.message, s.hasStack = cleanType(err.Type), err.Message, false
	s.chain.reset()
	if err.Stack != "" {
		s.chain.parse(err, e.maxStackBytes, e.rules)
		if len(s.chain.trace.Exceptions) > 0 {
			s.hasStack = true
			reported := &s.chain.trace.Exceptions[0]
			if s.typ == "" {
				s.typ = cleanType(reported.Type)
			}
			if s.message == "" {
				s.message = reported.Message
			}
		}
	}
	s.msg = message.Normalize(s.msg[:0], s.message)
}

// custom fills the parts of a custom fingerprint and returns its readable form.
func (e *Engine) custom(s *scratch, err *Error) string {
	if !err.FingerprintIsArray {
		s.parts.add(tagUser, err.Fingerprint[0])
		return err.Fingerprint[0]
	}
	for i, p := range err.Fingerprint {
		if i > 0 {
			s.readableSep()
		}
		if isDefaultVariable(p) {
			e.derive(s, err)
			continue
		}
		s.parts.add(tagUser, p)
		s.readableStr(p)
	}
	return string(s.readable)
}

// derive appends the default fingerprint parts of the error, the strategy name first, and its readable
// form, and returns the strategy.
func (e *Engine) derive(s *scratch, err *Error) Kind {
	if s.hasStack && e.stacktrace(s, err.Type) {
		return Stacktrace
	}
	switch {
	case s.typ != "" && len(s.msg) > 0:
		s.parts.add(tagDerived, "exception")
		s.parts.add(tagDerived, s.typ)
		s.parts.addBytes(tagDerived, s.msg)
		s.readableStr(s.typ)
		s.readableSep()
		s.readableBytes(s.msg)
		return Exception
	case len(s.msg) > 0:
		s.parts.add(tagDerived, "message")
		s.parts.addBytes(tagDerived, s.msg)
		s.readableBytes(s.msg)
		return Message
	default:
		// With only a low-cardinality type such as "500" (or nothing), the operation keeps unrelated
		// failures of one service apart.
		s.parts.add(tagDerived, "fallback")
		s.parts.add(tagDerived, s.typ)
		s.parts.add(tagDerived, err.Operation)
		s.readableStr(s.typ)
		if s.typ != "" && err.Operation != "" {
			s.readableSep()
		}
		s.readableStr(err.Operation)
		return Fallback
	}
}

func (e *Engine) issueID(s *scratch, err *Error) string {
	s.enc.reset(e.version)
	s.enc.field('s', err.Service)
	for _, v := range err.Scope {
		s.enc.field('s', v)
	}
	for i, r := range s.parts.refs {
		s.enc.fieldBytes(r.tag, s.parts.get(i))
	}
	return string(s.enc.id(s.readable[:0]))
}

// title is "Type: first line of the normalised message", or whichever of the two exists; with neither,
// the operation names the error, else the culprit, so that no issue goes untitled.
func (e *Engine) title(s *scratch, err *Error, culprit string) string {
	line := firstLine(s.msg)
	b := s.readable[:0]
	switch {
	case s.typ != "" && len(line) > 0:
		b = append(append(append(b, s.typ...), ": "...), line...)
	case len(line) > 0:
		b = append(b, line...)
	case s.typ != "" && err.Operation != "":
		b = append(append(append(b, s.typ...), " in "...), err.Operation...)
	case s.typ != "":
		b = append(b, s.typ...)
	case err.Operation != "":
		b = append(b, err.Operation...)
	case culprit != "":
		b = append(append(b, "Error in "...), culprit...)
	default:
		b = append(b, "Error"...)
	}
	s.readable = b
	return truncate(string(b), e.maxTitleLength)
}

func firstLine(b []byte) []byte {
	for i, c := range b {
		if c == '\n' {
			return b[:i]
		}
	}
	return b
}

// truncate cuts s to at most max bytes on a rune boundary, marking the cut with "...".
func truncate(s string, max int) string {
	if len(s) <= max {
		return s
	}
	cut := max - 3
	if cut < 0 {
		cut = 0
	}
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "..."
}

// isDefaultVariable reports the {{ default }} variable, with any spacing inside the braces.
func isDefaultVariable(p string) bool {
	if !strings.HasPrefix(p, "{{") || !strings.HasSuffix(p, "}}") {
		return false
	}
	return strings.TrimSpace(p[2:len(p)-2]) == "default"
}

func isDefaultOnly(fp []string) bool { return len(fp) == 1 && isDefaultVariable(fp[0]) }
