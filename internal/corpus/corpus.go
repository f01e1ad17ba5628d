// Package corpus scores grouping against labelled errors: records from real runs, each labelled with the
// bug that caused it. It reports how often the grouping keeps one bug in one issue (recall, splits) and
// different bugs in different issues (precision, merges), for the engine and for naive baselines.
package corpus

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/errorgrouping/errorgrouping/internal/grouping"
	"github.com/errorgrouping/errorgrouping/internal/stack"
)

// Record is one labelled error occurrence.
type Record struct {
	Bug      string `json:"bug"`
	Service  string `json:"service"`
	Language string `json:"language"` // telemetry.sdk.language
	Type     string `json:"type"`
	Message  string `json:"message"`
	Stack    string `json:"stack"`
}

// Error converts the record to the engine's input.
func (r *Record) Error() grouping.Error {
	return grouping.Error{Service: r.Service, Language: stack.LanguageFromSDK(r.Language),
		Type: r.Type, Message: r.Message, Stack: r.Stack}
}

// Load reads every *.jsonl file of dir, sorted by name.
func Load(dir string) ([]Record, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.jsonl"))
	if err != nil {
		return nil, err
	}
	sort.Strings(files)
	var out []Record
	for _, f := range files {
		recs, err := loadFile(f)
		if err != nil {
			return nil, err
		}
		out = append(out, recs...)
	}
	return out, nil
}

func loadFile(path string) ([]Record, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []Record
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 1<<20), 16<<20)
	for line := 1; sc.Scan(); line++ {
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		var r Record
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			return nil, fmt.Errorf("%s:%d: %w", path, line, err)
		}
		if r.Bug == "" {
			return nil, fmt.Errorf("%s:%d: record without a bug label", path, line)
		}
		out = append(out, r)
	}
	return out, sc.Err()
}

// Score is the quality of one grouping over a corpus.
type Score struct {
	Records, Bugs, Issues int
	// Precision, Recall and F1 are pairwise: over all pairs of records, a pair grouped together should
	// be a pair of the same bug.
	Precision, Recall, F1 float64
	// Split counts bugs spread over more than one issue; Merged counts issues holding more than one bug.
	Split, Merged int
	// MergedIssues lists the bugs each merged issue holds, for diagnosis.
	MergedIssues [][]string
	// SplitBugs lists the bugs that were split and into how many issues.
	SplitBugs map[string]int
}

// Evaluate groups every record with key and scores the result against the labels.
func Evaluate(records []Record, key func(*Record) string) Score {
	issueOf := make([]string, len(records))
	bugIssues := map[string]map[string]bool{}
	issueBugs := map[string]map[string]bool{}
	for i := range records {
		k := key(&records[i])
		issueOf[i] = k
		b := records[i].Bug
		if bugIssues[b] == nil {
			bugIssues[b] = map[string]bool{}
		}
		bugIssues[b][k] = true
		if issueBugs[k] == nil {
			issueBugs[k] = map[string]bool{}
		}
		issueBugs[k][b] = true
	}
	var tp, predicted, actual float64
	for i := range records {
		for j := i + 1; j < len(records); j++ {
			sameIssue := issueOf[i] == issueOf[j]
			sameBug := records[i].Bug == records[j].Bug
			if sameIssue {
				predicted++
			}
			if sameBug {
				actual++
			}
			if sameIssue && sameBug {
				tp++
			}
		}
	}
	s := Score{Records: len(records), Bugs: len(bugIssues), Issues: len(issueBugs), SplitBugs: map[string]int{}}
	s.Precision, s.Recall = ratio(tp, predicted), ratio(tp, actual)
	if s.Precision+s.Recall > 0 {
		s.F1 = 2 * s.Precision * s.Recall / (s.Precision + s.Recall)
	}
	for bug, issues := range bugIssues {
		if len(issues) > 1 {
			s.Split++
			s.SplitBugs[bug] = len(issues)
		}
	}
	for _, bugs := range issueBugs {
		if len(bugs) > 1 {
			s.Merged++
			names := make([]string, 0, len(bugs))
			for b := range bugs {
				names = append(names, b)
			}
			sort.Strings(names)
			s.MergedIssues = append(s.MergedIssues, names)
		}
	}
	sort.Slice(s.MergedIssues, func(i, j int) bool { return s.MergedIssues[i][0] < s.MergedIssues[j][0] })
	return s
}

func ratio(a, b float64) float64 {
	if b == 0 {
		return 1
	}
	return a / b
}

// Strategy is a named way to group records.
type Strategy struct {
	Name string
	Key  func(*Record) string
}

// Strategies returns the engine and the naive baselines it is measured against.
func Strategies(engine *grouping.Engine) []Strategy {
	return []Strategy{
		{"errorgrouping", func(r *Record) string { e := r.Error(); return engine.Group(&e).ID }},
		{"baseline: type", func(r *Record) string { return r.Service + "\x00" + r.Type }},
		{"baseline: type + raw message", func(r *Record) string { return r.Service + "\x00" + r.Type + "\x00" + r.Message }},
		{"baseline: raw stack hash", func(r *Record) string { return r.Service + "\x00" + r.Stack }},
	}
}
