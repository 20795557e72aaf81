package main

import (
	"runtime/debug"
	"testing"
)

// A server's heap is bounded by its page cache and a margin, unless the
// operator said otherwise with GOMEMLIMIT.
func TestTheHeapIsBoundedByThePageCache(t *testing.T) {
	oldLimit, oldGC := debug.SetMemoryLimit(-1), debug.SetGCPercent(100)
	t.Cleanup(func() { debug.SetMemoryLimit(oldLimit); debug.SetGCPercent(oldGC) })

	tuneGC(Config{CacheMB: 64}, func(string) string { return "" })
	if got, want := debug.SetMemoryLimit(-1), int64(64<<20+heapBesideCache); got != want {
		t.Errorf("memory limit = %d, want %d", got, want)
	}
	if got := debug.SetGCPercent(serverGCPercent); got != serverGCPercent {
		t.Errorf("GC percent = %d, want %d", got, serverGCPercent)
	}

	debug.SetMemoryLimit(1 << 40)
	debug.SetGCPercent(100)
	tuneGC(Config{CacheMB: 64}, func(k string) string {
		return map[string]string{"GOMEMLIMIT": "1GiB", "GOGC": "100"}[k]
	})
	if got := debug.SetMemoryLimit(-1); got != 1<<40 {
		t.Errorf("with GOMEMLIMIT set, the limit became %d", got)
	}
	if got := debug.SetGCPercent(100); got != 100 {
		t.Errorf("with GOGC set, GC percent became %d", got)
	}
}
