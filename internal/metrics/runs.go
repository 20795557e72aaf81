package metrics

import (
	"maps"
	"slices"
	"sync/atomic"
)

// Runs counts a background job's passes that worked and that failed: a
// scheduler tick, a mail delivery, a weather fetch, a flush of page views.
// The zero value is ready; the program writes every job's counts as
// dateline_background_runs_total{task,result}. Safe for concurrent use.
type Runs struct{ ok, failed atomic.Uint64 }

// Done counts one pass, failed when err is not nil.
func (r *Runs) Done(err error) {
	if err != nil {
		r.failed.Add(1)
		return
	}
	r.ok.Add(1)
}

// Counts are the passes so far.
func (r *Runs) Counts() (ok, failed uint64) { return r.ok.Load(), r.failed.Load() }

// JobRuns writes dateline_background_runs_total for the jobs named in jobs.
func JobRuns(jobs map[string]*Runs) Source {
	return SourceFunc(func(w *Writer) {
		w.Family("dateline_background_runs_total", "counter", "Passes of each background job, by result: ok, or failed (the job logs why and tries again).")
		for _, name := range slices.Sorted(maps.Keys(jobs)) {
			ok, failed := jobs[name].Counts()
			w.Sample("dateline_background_runs_total", float64(ok), "task", name, "result", "ok")
			w.Sample("dateline_background_runs_total", float64(failed), "task", name, "result", "failed")
		}
	})
}
