package metrics

import (
	"os"
	"runtime"
	rtmetrics "runtime/metrics"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// Runtime is the Go runtime's and the process's own figures: goroutines,
// the heap, collections, the memory limit, resident memory and CPU.
func Runtime(started time.Time) Source {
	return SourceFunc(func(w *Writer) {
		samples := []rtmetrics.Sample{
			{Name: "/sched/goroutines:goroutines"},
			{Name: "/memory/classes/heap/objects:bytes"},
			{Name: "/memory/classes/total:bytes"},
			{Name: "/gc/cycles/total:gc-cycles"},
			{Name: "/gc/gomemlimit:bytes"},
		}
		rtmetrics.Read(samples)
		value := func(i int) float64 {
			if samples[i].Value.Kind() == rtmetrics.KindUint64 {
				return float64(samples[i].Value.Uint64())
			}
			return 0
		}
		w.Gauge("go_goroutines", "Goroutines that exist now.", value(0))
		w.Gauge("go_memstats_heap_alloc_bytes", "Bytes of heap objects, live and not yet collected.", value(1))
		w.Gauge("go_memstats_sys_bytes", "Bytes of memory the Go runtime holds from the system.", value(2))
		w.Counter("go_gc_cycles_total", "Garbage collections completed.", value(3))
		w.Gauge("go_gc_gomemlimit_bytes", "The Go memory limit: the page cache's bound and a margin, unless GOMEMLIMIT says otherwise.", value(4))
		w.Family("go_info", "gauge", "The Go version the program was built with.")
		w.Sample("go_info", 1, "version", runtime.Version())
		if rss, ok := residentBytes(); ok {
			w.Gauge("process_resident_memory_bytes", "Resident memory of the process.", rss)
		}
		var ru syscall.Rusage
		if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) == nil {
			cpu := time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
			w.Counter("process_cpu_seconds_total", "CPU time the process used, user and system.", cpu.Seconds())
		}
		w.Gauge("process_start_time_seconds", "When the process started, in seconds since the Unix epoch.", float64(started.Unix()))
	})
}

// residentBytes reads the resident set from /proc (Linux); elsewhere it is
// not written.
func residentBytes() (float64, bool) {
	b, err := os.ReadFile("/proc/self/statm")
	if err != nil {
		return 0, false
	}
	f := strings.Fields(string(b))
	if len(f) < 2 {
		return 0, false
	}
	pages, err := strconv.ParseUint(f[1], 10, 64)
	if err != nil {
		return 0, false
	}
	return float64(pages) * float64(os.Getpagesize()), true
}
