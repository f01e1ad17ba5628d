package grouping

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/errorgrouping/errorgrouping/internal/benchdata"
	"github.com/errorgrouping/errorgrouping/internal/stack"
)

// cacheInputs are the golden inputs, every stack fixture and every corpus record, each also with a custom
// fingerprint array around its default, so that every strategy goes through the cache.
func cacheInputs(t *testing.T) []Error {
	raw, err := os.ReadFile(filepath.Join("..", "..", "testdata", "golden", "issue_ids_v1.json"))
	require.NoError(t, err)
	var golden []goldenCase
	require.NoError(t, json.Unmarshal(raw, &golden))
	var out []Error
	for _, c := range golden {
		out = append(out, c.Input)
	}
	samples, err := benchdata.Load(filepath.Join("..", "..", "testdata"))
	require.NoError(t, err)
	for _, s := range samples {
		e := Error{Service: s.Service, Language: s.Language(), Operation: "GET /x", Type: s.Type, Message: s.Message, Stack: s.Stack}
		out = append(out, e)
		e.Fingerprint, e.FingerprintIsArray = []string{"{{ default }}", "tenant-a"}, true
		out = append(out, e)
	}
	return out
}

func TestCacheGivesTheSameIssues(t *testing.T) {
	inputs := cacheInputs(t)
	plain := New(Options{})
	cached := New(Options{CacheEntries: DefaultCacheEntries})
	// A cache far smaller than the inputs evicts all the time, and must still answer the same.
	tiny := New(Options{CacheEntries: 8, CacheBytes: 4 << 10})
	for round := 0; round < 2; round++ {
		for i := range inputs {
			want := plain.Group(&inputs[i])
			require.Equal(t, want, cached.Group(&inputs[i]), "input %d, round %d", i, round)
			require.Equal(t, want, tiny.Group(&inputs[i]), "input %d, round %d", i, round)
		}
	}
	distinct := map[any]bool{}
	for i := range inputs {
		distinct[cacheKey(&inputs[i])] = true
	}
	st := cached.CacheStats()
	assert.Equal(t, uint64(len(distinct)), st.Misses, "each distinct input is computed once")
	assert.Equal(t, uint64(2*len(inputs)-len(distinct)), st.Hits)
	assert.Equal(t, len(distinct), st.Entries)
	assert.Positive(t, tiny.CacheStats().Evictions)
	assert.LessOrEqual(t, tiny.CacheStats().Entries, 8)
	assert.LessOrEqual(t, tiny.CacheStats().Bytes, int64(4<<10))
	assert.Equal(t, CacheStats{}, plain.CacheStats())
}

// TestCacheKeyCoversEveryInput changes each field of Error in turn: every change must change the key. A
// field added to Error fails the test until cacheKey hashes it.
func TestCacheKeyCoversEveryInput(t *testing.T) {
	base := Error{Service: "shop", Scope: []string{"prod"}, Operation: "GET /", Language: stack.Python,
		Fingerprint: []string{"a"}, Type: "E", Message: "m", Stack: pyStack}
	long := strings.Repeat("x", keyInline+1)
	mutations := map[string][]func(e *Error){
		"Service":            {func(e *Error) { e.Service = "shop2" }, func(e *Error) { e.Service = long }},
		"Scope":              {func(e *Error) { e.Scope = []string{"dev"} }, func(e *Error) { e.Scope = []string{"prod", ""} }, func(e *Error) { e.Scope = nil }},
		"Operation":          {func(e *Error) { e.Operation = "GET /x" }},
		"Language":           {func(e *Error) { e.Language = stack.Unknown }},
		"Fingerprint":        {func(e *Error) { e.Fingerprint = []string{"a", ""} }, func(e *Error) { e.Fingerprint = []string{long} }},
		"FingerprintIsArray": {func(e *Error) { e.FingerprintIsArray = true }},
		"Type":               {func(e *Error) { e.Type = "" }},
		"Message":            {func(e *Error) { e.Message = "m2" }},
		"Stack":              {func(e *Error) { e.Stack = pyStack + " " }, func(e *Error) { e.Stack = "" }},
		"RuleAttributes":     {func(e *Error) { e.RuleAttributes = []string{"/health"} }, func(e *Error) { e.RuleAttributes = []string{"", ""} }},
		"RuleResource":       {func(e *Error) { e.RuleResource = []string{"prod"} }},
	}
	seen := map[any]string{cacheKey(&base): "base"}
	fields := reflect.TypeFor[Error]()
	for i := 0; i < fields.NumField(); i++ {
		name := fields.Field(i).Name
		muts, ok := mutations[name]
		require.True(t, ok, "Error.%s is not covered by cacheKey's test: hash it in cacheKey and add it here", name)
		for j, mut := range muts {
			e := base
			mut(&e)
			k := cacheKey(&e)
			require.NotContains(t, seen, k, "%s mutation %d gives the key of %s", name, j, seen[k])
			seen[k] = name
		}
	}
	// Moving bytes between neighbouring fields changes the key too.
	a, b := base, base
	a.Type, a.Message = "Em", ""
	b.Type, b.Message = "E", "m"
	assert.NotEqual(t, cacheKey(&a), cacheKey(&b))
}

func TestOwnedCopiesEveryString(t *testing.T) {
	in := Issue{ID: "id", Fingerprint: "fp", Title: "title", Culprit: "culprit"}
	v := reflect.ValueOf(&in).Elem()
	want := 0
	for i := 0; i < v.NumField(); i++ {
		if v.Field(i).Kind() == reflect.String {
			s := strings.Repeat(string(rune('a'+i)), i+1)
			v.Field(i).SetString(s)
			want += len(s)
		}
	}
	out, size := owned(in)
	assert.Equal(t, in, out)
	assert.Equal(t, int64(want), size, "every string field of Issue is copied and accounted")
	ov := reflect.ValueOf(out)
	for i := 0; i < ov.NumField(); i++ {
		if s := ov.Field(i).String(); ov.Field(i).Kind() == reflect.String && s != "" {
			assert.NotEqual(t, uintptr(unsafe.Pointer(unsafe.StringData(v.Field(i).String()))), uintptr(unsafe.Pointer(unsafe.StringData(s))), "Issue.%s aliases the input", ov.Type().Field(i).Name)
		}
	}
}
