// Package benchdata loads the realistic error mix that the engine and processor benchmarks share: every
// stack-trace fixture of the seven languages (testdata/stacks/<language>/*.txt) and every labelled corpus
// record (testdata/corpus/*.jsonl), so that both levels measure the same inputs. It imports no engine
// package, so the engine's own in-package benchmarks can use it.
package benchdata

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"

	"github.com/errorgrouping/errorgrouping/internal/stack"
)

// Sample is one error of the mix, as a span of its runtime would carry it.
type Sample struct {
	Service     string `json:"service"`
	SDKLanguage string `json:"language"` // telemetry.sdk.language
	Type        string `json:"type"`
	Message     string `json:"message"`
	Stack       string `json:"stack"`
}

// Language is the engine's language for the sample's SDK language.
func (s *Sample) Language() stack.Language { return stack.LanguageFromSDK(s.SDKLanguage) }

// fixtureSDKs maps the fixture directories to the telemetry.sdk.language a resource of that runtime sends.
var fixtureSDKs = map[string]string{
	"dotnet": "dotnet", "go": "go", "javascript": "nodejs", "jvm": "java", "php": "php", "python": "python", "ruby": "ruby",
}

// Load reads the mix from the repository's testdata directory: the fixtures sorted by language and name,
// then the corpus records in file order. Fixtures carry only the stack text, as error.stack does.
func Load(testdata string) ([]Sample, error) {
	dirs := make([]string, 0, len(fixtureSDKs))
	for d := range fixtureSDKs {
		dirs = append(dirs, d)
	}
	sort.Strings(dirs)
	var out []Sample
	for _, d := range dirs {
		files, err := filepath.Glob(filepath.Join(testdata, "stacks", d, "*.txt"))
		if err != nil {
			return nil, err
		}
		if len(files) == 0 {
			return nil, fmt.Errorf("no stack fixtures in %s", filepath.Join(testdata, "stacks", d))
		}
		sort.Strings(files)
		for _, f := range files {
			raw, err := os.ReadFile(f)
			if err != nil {
				return nil, err
			}
			out = append(out, Sample{Service: "bench-" + d, SDKLanguage: fixtureSDKs[d], Stack: string(raw)})
		}
	}
	files, err := filepath.Glob(filepath.Join(testdata, "corpus", "*.jsonl"))
	if err != nil {
		return nil, err
	}
	sort.Strings(files)
	for _, f := range files {
		if out, err = appendRecords(out, f); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func appendRecords(out []Sample, path string) ([]Sample, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	dec := json.NewDecoder(f)
	for {
		var s Sample
		if err := dec.Decode(&s); errors.Is(err, io.EOF) {
			return out, nil
		} else if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		out = append(out, s)
	}
}

// ByLanguage groups the samples by engine language, languages in their fixed order.
func ByLanguage(samples []Sample) (langs []stack.Language, by map[stack.Language][]Sample) {
	by = map[stack.Language][]Sample{}
	for _, s := range samples {
		l := s.Language()
		if by[l] == nil {
			langs = append(langs, l)
		}
		by[l] = append(by[l], s)
	}
	sort.Slice(langs, func(i, j int) bool { return langs[i] < langs[j] })
	return langs, by
}
