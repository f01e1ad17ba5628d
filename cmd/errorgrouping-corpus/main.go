// Command errorgrouping-corpus scores the grouping engine and naive baselines against the labelled corpus
// of real errors: pairwise precision, recall and F1, and the counts of split bugs and merged issues.
package main

import (
	"flag"
	"fmt"
	"os"
	"sort"
	"text/tabwriter"

	"github.com/errorgrouping/errorgrouping/internal/corpus"
	"github.com/errorgrouping/errorgrouping/internal/grouping"
)

func main() {
	dir := flag.String("corpus", "testdata/corpus", "directory of *.jsonl labelled records")
	maxFrames := flag.Int("max-frames", grouping.DefaultMaxFrames, "frames per exception for the engine")
	verbose := flag.Bool("v", false, "list the split bugs and merged issues of the engine")
	flag.Parse()
	records, err := corpus.Load(*dir)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	byLang := map[string]int{}
	for _, r := range records {
		byLang[r.Language]++
	}
	fmt.Printf("%d records, by language: %v\n\n", len(records), byLang)
	engine := grouping.New(grouping.Options{MaxFrames: *maxFrames})
	w := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(w, "STRATEGY\tPRECISION\tRECALL\tF1\tISSUES\tBUGS\tSPLIT BUGS\tMERGED ISSUES")
	var engineScore corpus.Score
	for i, s := range corpus.Strategies(engine) {
		sc := corpus.Evaluate(records, s.Key)
		if i == 0 {
			engineScore = sc
		}
		fmt.Fprintf(w, "%s\t%.4f\t%.4f\t%.4f\t%d\t%d\t%d\t%d\n", s.Name, sc.Precision, sc.Recall, sc.F1, sc.Issues, sc.Bugs, sc.Split, sc.Merged)
	}
	_ = w.Flush()
	if *verbose {
		bugs := make([]string, 0, len(engineScore.SplitBugs))
		for b := range engineScore.SplitBugs {
			bugs = append(bugs, b)
		}
		sort.Strings(bugs)
		for _, b := range bugs {
			fmt.Printf("split: %s into %d issues\n", b, engineScore.SplitBugs[b])
		}
		for _, m := range engineScore.MergedIssues {
			fmt.Printf("merged: %v\n", m)
		}
	}
}
