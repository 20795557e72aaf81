package metrics

import (
	"bytes"
	"errors"
	"testing"
)

func TestJobRunsCountsEachJobsPassesByResult(t *testing.T) {
	var mail, views Runs
	mail.Done(nil)
	mail.Done(nil)
	mail.Done(errors.New("the mail server refused"))
	views.Done(nil)
	reg := &Registry{}
	reg.Add(JobRuns(map[string]*Runs{"views": &views, "mail": &mail}))
	var b bytes.Buffer
	if err := reg.Write(&b); err != nil {
		t.Fatal(err)
	}
	want := `# HELP dateline_background_runs_total Passes of each background job, by result: ok, or failed (the job logs why and tries again).
# TYPE dateline_background_runs_total counter
dateline_background_runs_total{task="mail",result="ok"} 2
dateline_background_runs_total{task="mail",result="failed"} 1
dateline_background_runs_total{task="views",result="ok"} 1
dateline_background_runs_total{task="views",result="failed"} 0
`
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
}
