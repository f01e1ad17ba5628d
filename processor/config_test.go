package processor

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/confmap"
	"go.opentelemetry.io/collector/confmap/confmaptest"

	"github.com/errorgrouping/errorgrouping/processor/internal/metadata"
)

func loadConfig(t *testing.T, name string) (*Config, error) {
	t.Helper()
	cm, err := confmaptest.LoadConf(filepath.Join("..", "testdata", "config.yaml"))
	require.NoError(t, err)
	sub, err := cm.Sub(component.NewIDWithName(metadata.Type, name).String())
	require.NoError(t, err)
	cfg := createDefaultConfig().(*Config)
	if err := sub.Unmarshal(cfg); err != nil {
		return nil, err
	}
	return cfg, nil
}

func TestConfigDefaults(t *testing.T) {
	cfg, err := loadConfig(t, "")
	require.NoError(t, err)
	require.NoError(t, confmap.Validate(cfg))
	assert.Equal(t, createDefaultConfig(), cfg)
	assert.Equal(t, 1, cfg.GroupingVersion)
	assert.Equal(t, OutputAttributes{
		IssueID: "error.issue.id", Fingerprint: "error.issue.fingerprint",
		Grouping: "error.issue.grouping", Title: "error.issue.title", Culprit: "error.issue.culprit",
		Occurrence: "error.issue.occurrence", Explanation: "error.issue.explanation",
	}, cfg.Attributes)
	assert.False(t, cfg.Explain)
	assert.Equal(t, InputAttributes{Fingerprint: "error.fingerprint", Type: "error.type", Message: "error.message",
		Stack: "error.stack"}, cfg.InputAttributes)
	assert.True(t, cfg.MarkOccurrences)
	assert.Equal(t, 8, cfg.MaxFrames)
	assert.Equal(t, CacheConfig{MaxEntries: 10000, MaxBytes: 16 << 20}, cfg.Cache)
}

func TestConfigEveryOption(t *testing.T) {
	cfg, err := loadConfig(t, "custom")
	require.NoError(t, err)
	require.NoError(t, confmap.Validate(cfg))
	assert.Equal(t, []string{"deployment.environment.name", "k8s.cluster.name"}, cfg.ScopeKeys)
	assert.Equal(t, 65536, cfg.MaxStackBytes)
	assert.Equal(t, 120, cfg.MaxTitleLength)
	assert.Equal(t, 20, cfg.MaxFrames)
	assert.Equal(t, "issue.culprit", cfg.Attributes.Culprit)
	assert.Equal(t, "issue.id", cfg.Attributes.IssueID)
	assert.Equal(t, "issue.title", cfg.Attributes.Title)
	assert.Equal(t, CacheConfig{MaxEntries: 50000, MaxBytes: 64 << 20}, cfg.Cache)
}

func TestConfigCacheCanBeDisabled(t *testing.T) {
	cfg, err := loadConfig(t, "no_cache")
	require.NoError(t, err)
	require.NoError(t, confmap.Validate(cfg))
	assert.Equal(t, 0, cfg.Cache.MaxEntries)
}

func TestConfigErrorsNameTheField(t *testing.T) {
	tests := []struct {
		name string
		want []string
	}{
		{"bad_version", []string{"grouping_version: 7 is not a grouping version this build knows (known: [1])"}},
		{"bad_sizes", []string{
			"max_stack_bytes: 10 is out of range: use 256 to 1048576",
			"max_title_length: 3 is too short: use at least 16",
			"max_frames: 0 is out of range: use 1 to 100",
		}},
		{"bad_cache", []string{
			"cache.max_entries: -1 is out of range: use 0 (no cache) to 10000000",
			"cache.max_bytes: 100 is out of range: use 65536 to 8589934592",
		}},
		{"bad_cache_bytes", []string{"cache.max_bytes: 0 is out of range: use 65536 to 8589934592"}},
		{"bad_scope", []string{
			"scope_keys[0]: must not be empty",
			"scope_keys[1]: service.name always scopes issues; remove it",
			`scope_keys[3]: "deployment.environment.name" is already listed at scope_keys[2]`,
		}},
		{"bad_rules", []string{
			`stack_rules[0].actions[0]: unknown action "ignor"`,
			`fingerprint_rules[0].match.message: invalid glob "[abc"`,
			"fingerprint_rules[0].fingerprint[0]: unknown variable {{ funtion }}",
			"include[0]: empty matcher matches every error",
		}},
		{"bad_inputs", []string{
			"input_attributes.type: must name an attribute",
			`input_attributes.stack: "error.stack" is already used by input_attributes.message`,
		}},
		{"bad_attributes", []string{
			`attributes.issue_id: "error.fingerprint" is an attribute the processor reads and never overwrites`,
			"attributes.fingerprint: must name an attribute",
			`attributes.title: "error.issue.title" is already used by attributes.grouping`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, err := loadConfig(t, tt.name)
			require.NoError(t, err)
			err = confmap.Validate(cfg)
			require.Error(t, err)
			for _, w := range tt.want {
				assert.Contains(t, err.Error(), w)
			}
		})
	}
}

func TestConfigUnknownFieldIsRejected(t *testing.T) {
	_, err := loadConfig(t, "unknown_field")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "grouping_versoin")
}

func TestConfigRules(t *testing.T) {
	cfg, err := loadConfig(t, "rules")
	require.NoError(t, err)
	require.NoError(t, confmap.Validate(cfg))
	assert.True(t, cfg.Explain)
	assert.Equal(t, "app.error_class", cfg.InputAttributes.Type)
	assert.Equal(t, "error.message", cfg.InputAttributes.Message, "unset names keep their defaults")
	require.Len(t, cfg.FingerprintRules, 1)
	assert.Equal(t, []string{"database-connection-error"}, cfg.FingerprintRules[0].Fingerprint)
	assert.Equal(t, "com.mycompany", cfg.InApp.Include[0].Module)
	assert.Equal(t, []string{"ignore"}, cfg.StackRules[0].Actions)
	assert.Equal(t, "GET /health*", cfg.Exclude[0].SpanName)
}
