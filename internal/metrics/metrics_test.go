package metrics

import (
	"strings"
	"testing"
	"time"
)

func write(t *testing.T, s ...Source) string {
	t.Helper()
	var r Registry
	r.Add(s...)
	var b strings.Builder
	if err := r.Write(&b); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestCountersAreWrittenInTheTextFormat(t *testing.T) {
	c := NewCounterVec("jobs_total", "Jobs run, by kind and result.", []string{"kind", "result"},
		[][]string{{"mail", "publish"}, {"ok", "failed"}})
	c.Inc("mail", "ok")
	c.Add(3, "publish", "failed")
	want := `# HELP jobs_total Jobs run, by kind and result.
# TYPE jobs_total counter
jobs_total{kind="mail",result="ok"} 1
jobs_total{kind="mail",result="failed"} 0
jobs_total{kind="publish",result="ok"} 0
jobs_total{kind="publish",result="failed"} 3
`
	if got := write(t, c); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if c.Value("publish", "failed") != 3 || c.Value("nope", "ok") != 0 {
		t.Error("Value does not read the counters")
	}
}

func TestAValueTheFamilyWasNotMadeWithIsAProgrammingError(t *testing.T) {
	c := NewCounterVec("x_total", "X.", []string{"kind"}, [][]string{{"a"}})
	defer func() {
		if recover() == nil {
			t.Error("an unknown label value was counted silently")
		}
	}()
	c.Inc("b")
}

func TestHistogramBucketsAreCumulative(t *testing.T) {
	h := NewHistogramVec("took_seconds", "Time.", "route", []string{"home"}, []float64{0.001, 0.01})
	for _, d := range []time.Duration{500 * time.Microsecond, time.Millisecond, 5 * time.Millisecond, time.Second} {
		h.ObserveNs("home", int64(d))
	}
	want := `# HELP took_seconds Time.
# TYPE took_seconds histogram
took_seconds_bucket{route="home",le="0.001"} 2
took_seconds_bucket{route="home",le="0.01"} 3
took_seconds_bucket{route="home",le="+Inf"} 4
took_seconds_sum{route="home"} 1.0065
took_seconds_count{route="home"} 4
`
	if got := write(t, h); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestHelpAndLabelValuesAreEscaped(t *testing.T) {
	got := write(t, SourceFunc(func(w *Writer) {
		w.Family("odd", "gauge", "A \\ backslash\nand a line.")
		w.Sample("odd", 1.5, "v", "say \"hi\"\n\\")
	}))
	want := "# HELP odd A \\\\ backslash\\nand a line.\n# TYPE odd gauge\nodd{v=\"say \\\"hi\\\"\\n\\\\\"} 1.5\n"
	if got != want {
		t.Errorf("got %q\nwant %q", got, want)
	}
}

func TestTheRuntimeIsReported(t *testing.T) {
	got := write(t, Runtime(time.Unix(1700000000, 0)))
	for _, want := range []string{"\ngo_goroutines ", "\ngo_memstats_heap_alloc_bytes ", "\ngo_gc_cycles_total ",
		"process_start_time_seconds 1700000000\n", "\nprocess_resident_memory_bytes ", "\nprocess_cpu_seconds_total ", `go_info{version="go`} {
		if !strings.Contains(got, want) {
			t.Errorf("no %q in\n%s", want, got)
		}
	}
}

func TestCountingAllocatesNothing(t *testing.T) {
	c := NewCounterVec("r_total", "R.", []string{"route", "code"}, [][]string{{"home", "article"}, {"200", "404"}})
	h := NewHistogramVec("t_seconds", "T.", "route", []string{"home"}, LatencyBuckets)
	if n := testing.AllocsPerRun(100, func() { c.Inc("article", "404"); h.ObserveNs("home", 1234) }); n != 0 {
		t.Errorf("a count allocates %v times", n)
	}
}
