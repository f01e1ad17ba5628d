package processor

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"go.opentelemetry.io/collector/component"

	"github.com/errorgrouping/errorgrouping/internal/grouping"
	"github.com/errorgrouping/errorgrouping/internal/rules"
	"github.com/errorgrouping/errorgrouping/internal/stack"
)

// Config is the errorgrouping processor's configuration.
type Config struct {
	// GroupingVersion selects the grouping algorithm. Issue ids are stable within a version.
	GroupingVersion int `mapstructure:"grouping_version"`
	// ScopeKeys are resource attributes that scope issues in addition to service.name, for example
	// deployment.environment.name: the same error in two environments becomes two issues.
	ScopeKeys []string `mapstructure:"scope_keys"`
	// MaxStackBytes caps how much of a stack trace is examined.
	MaxStackBytes int `mapstructure:"max_stack_bytes"`
	// MaxFrames is how many contributing frames each exception of a chain gives, from the crash site.
	MaxFrames int `mapstructure:"max_frames"`
	// MaxTitleLength caps error.issue.title in bytes.
	MaxTitleLength int `mapstructure:"max_title_length"`
	// MarkOccurrences marks, within a batch, the error spans that are propagated copies of one failure
	// (same trace, service and issue, one the ancestor of the other): the top-most gets
	// attributes.occurrence true, its copies false.
	MarkOccurrences bool `mapstructure:"mark_occurrences"`
	// Attributes names the attributes the processor stamps.
	Attributes OutputAttributes `mapstructure:"attributes"`
	// Cache bounds the issues kept for errors seen again, which are then stamped without being regrouped.
	Cache CacheConfig `mapstructure:"cache"`
	// Explain stamps attributes.explanation: what decided the issue, frame by frame. Off by default: it
	// costs bytes on every error span.
	Explain bool `mapstructure:"explain"`
	// InputAttributes names the attributes the processor reads, for producers that use other names.
	InputAttributes InputAttributes `mapstructure:"input_attributes"`
	// Rules are the user's grouping rules: in_app, stack_rules, fingerprint_rules, include, exclude.
	rules.Spec `mapstructure:",squash"`

	_ struct{}
}

// CacheConfig bounds the issue cache in entries and in bytes; whichever is reached first evicts.
type CacheConfig struct {
	// MaxEntries is how many issues are kept; 0 disables the cache.
	MaxEntries int `mapstructure:"max_entries"`
	// MaxBytes bounds the memory the kept issues take.
	MaxBytes int64 `mapstructure:"max_bytes"`

	_ struct{}
}

// InputAttributes are the names of the error attributes read from spans and log records. The aliases real
// tracers write (error.msg, error.handling_stack) and the OpenTelemetry exception.* attributes are always read.
type InputAttributes struct {
	Fingerprint string `mapstructure:"fingerprint"`
	Type        string `mapstructure:"type"`
	Message     string `mapstructure:"message"`
	Stack       string `mapstructure:"stack"`

	_ struct{}
}

// OutputAttributes are the names of the stamped attributes.
type OutputAttributes struct {
	IssueID     string `mapstructure:"issue_id"`
	Fingerprint string `mapstructure:"fingerprint"`
	Grouping    string `mapstructure:"grouping"`
	Title       string `mapstructure:"title"`
	Culprit     string `mapstructure:"culprit"`
	Occurrence  string `mapstructure:"occurrence"`
	Explanation string `mapstructure:"explanation"`

	_ struct{}
}

var _ component.Config = (*Config)(nil)

func createDefaultConfig() component.Config {
	return &Config{
		GroupingVersion: grouping.LatestVersion,
		MaxStackBytes:   stack.DefaultMaxBytes,
		MaxFrames:       grouping.DefaultMaxFrames,
		MarkOccurrences: true,
		MaxTitleLength:  grouping.DefaultMaxTitleLength,
		Attributes: OutputAttributes{
			IssueID:     "error.issue.id",
			Fingerprint: "error.issue.fingerprint",
			Grouping:    "error.issue.grouping",
			Title:       "error.issue.title",
			Culprit:     "error.issue.culprit",
			Occurrence:  "error.issue.occurrence",
			Explanation: "error.issue.explanation",
		},
		InputAttributes: InputAttributes{Fingerprint: attrErrorFingerprint, Type: attrErrorType,
			Message: attrErrorMessage, Stack: attrErrorStack},
		Cache: CacheConfig{MaxEntries: grouping.DefaultCacheEntries, MaxBytes: grouping.DefaultCacheBytes},
	}
}

// maxStackBytesLimit keeps a misconfiguration from turning every error span into megabytes of scanning.
const maxStackBytesLimit = 1 << 20

// maxFramesLimit bounds the fingerprint's size; deeper frames are framework plumbing in practice.
const maxFramesLimit = 100

// Cache limits: beyond them a typo (a missing unit, an extra digit) would pin gigabytes.
const (
	maxCacheEntriesLimit = 10_000_000
	minCacheBytes        = 64 << 10
	maxCacheBytesLimit   = 8 << 30
)

// Validate checks the configuration at startup; every message names the offending field.
func (c *Config) Validate() error {
	var errs []error
	if !slices.Contains(grouping.Versions, c.GroupingVersion) {
		errs = append(errs, fmt.Errorf("grouping_version: %d is not a grouping version this build knows (known: %v)",
			c.GroupingVersion, grouping.Versions))
	}
	if c.MaxStackBytes < 256 || c.MaxStackBytes > maxStackBytesLimit {
		errs = append(errs, fmt.Errorf("max_stack_bytes: %d is out of range: use 256 to %d", c.MaxStackBytes, maxStackBytesLimit))
	}
	if c.MaxFrames < 1 || c.MaxFrames > maxFramesLimit {
		errs = append(errs, fmt.Errorf("max_frames: %d is out of range: use 1 to %d", c.MaxFrames, maxFramesLimit))
	}
	if c.MaxTitleLength < 16 {
		errs = append(errs, fmt.Errorf("max_title_length: %d is too short: use at least 16", c.MaxTitleLength))
	}
	seen := map[string]string{}
	for i, key := range c.ScopeKeys {
		field := fmt.Sprintf("scope_keys[%d]", i)
		switch {
		case strings.TrimSpace(key) == "":
			errs = append(errs, fmt.Errorf("%s: must not be empty", field))
		case key == "service.name":
			errs = append(errs, fmt.Errorf("%s: service.name always scopes issues; remove it", field))
		case seen[key] != "":
			errs = append(errs, fmt.Errorf("%s: %q is already listed at %s", field, key, seen[key]))
		default:
			seen[key] = field
		}
	}
	inputs := c.InputAttributes.validate()
	errs = append(errs, inputs...)
	if len(inputs) == 0 {
		errs = append(errs, c.Attributes.validate(c.InputAttributes.names())...)
	}
	if _, err := rules.Compile(c.Spec); err != nil {
		errs = append(errs, err)
	}
	errs = append(errs, c.Cache.validate()...)
	return errors.Join(errs...)
}

// names lists every attribute the processor reads.
func (in *InputAttributes) names() []string {
	return append([]string{in.Fingerprint, in.Type, in.Message, in.Stack}, fixedInputAttributes...)
}

func (in *InputAttributes) validate() []error {
	var errs []error
	seen := map[string]string{}
	for _, f := range []struct{ field, name string }{
		{"input_attributes.fingerprint", in.Fingerprint},
		{"input_attributes.type", in.Type},
		{"input_attributes.message", in.Message},
		{"input_attributes.stack", in.Stack},
	} {
		switch {
		case strings.TrimSpace(f.name) == "":
			errs = append(errs, fmt.Errorf("%s: must name an attribute", f.field))
		case seen[f.name] != "":
			errs = append(errs, fmt.Errorf("%s: %q is already used by %s", f.field, f.name, seen[f.name]))
		default:
			seen[f.name] = f.field
		}
	}
	return errs
}

func (a *OutputAttributes) validate(inputs []string) []error {
	var errs []error
	seen := map[string]string{}
	for _, f := range []struct{ field, name string }{
		{"attributes.issue_id", a.IssueID},
		{"attributes.fingerprint", a.Fingerprint},
		{"attributes.grouping", a.Grouping},
		{"attributes.title", a.Title},
		{"attributes.culprit", a.Culprit},
		{"attributes.occurrence", a.Occurrence},
		{"attributes.explanation", a.Explanation},
	} {
		switch {
		case strings.TrimSpace(f.name) == "":
			errs = append(errs, fmt.Errorf("%s: must name an attribute", f.field))
		case slices.Contains(inputs, f.name):
			errs = append(errs, fmt.Errorf("%s: %q is an attribute the processor reads and never overwrites", f.field, f.name))
		case seen[f.name] != "":
			errs = append(errs, fmt.Errorf("%s: %q is already used by %s", f.field, f.name, seen[f.name]))
		default:
			seen[f.name] = f.field
		}
	}
	return errs
}

func (c *CacheConfig) validate() []error {
	var errs []error
	if c.MaxEntries < 0 || c.MaxEntries > maxCacheEntriesLimit {
		errs = append(errs, fmt.Errorf("cache.max_entries: %d is out of range: use 0 (no cache) to %d", c.MaxEntries, maxCacheEntriesLimit))
	}
	if c.MaxEntries != 0 && (c.MaxBytes < minCacheBytes || c.MaxBytes > maxCacheBytesLimit) {
		errs = append(errs, fmt.Errorf("cache.max_bytes: %d is out of range: use %d to %d", c.MaxBytes, int64(minCacheBytes), int64(maxCacheBytesLimit)))
	}
	return errs
}
