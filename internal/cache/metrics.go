package cache

import (
	"fmt"
	"io"
)

// WriteMetrics writes the cache's counters in the Prometheus text format.
func (c *Cache) WriteMetrics(w io.Writer) error {
	s := &c.stats
	for _, m := range []struct {
		name, kind, help string
		value            int64
	}{
		{"dateline_cache_hits_total", "counter", "Answers served from the page cache while fresh.", s.Hits.Load()},
		{"dateline_cache_misses_total", "counter", "Requests the page cache had no fresh answer for.", s.Misses.Load()},
		{"dateline_cache_stale_total", "counter", "Answers served past their age while one request rendered them again.", s.Stale.Load()},
		{"dateline_cache_stale_if_error_total", "counter", "Kept answers served because rendering them again failed.", s.StaleIfError.Load()},
		{"dateline_cache_purged_total", "counter", "Kept answers invalidated by the change feed.", s.Purged.Load()},
		{"dateline_cache_evictions_total", "counter", "Kept answers dropped to stay within the memory bound.", s.Evictions.Load()},
		{"dateline_cache_shed_total", "counter", "Misses refused with 503 (or a kept copy) because too many renders were in flight.", s.Shed.Load()},
		{"dateline_cache_renders_total", "counter", "Pages rendered by the handlers behind the cache.", s.Renders.Load()},
		{"dateline_cache_bytes", "gauge", "Memory the kept answers take, every coding counted.", s.Bytes.Load()},
		{"dateline_cache_entries", "gauge", "Answers kept.", s.Entries.Load()},
	} {
		if _, err := fmt.Fprintf(w, "# HELP %s %s\n# TYPE %s %s\n%s %d\n", m.name, m.help, m.name, m.kind, m.name, m.value); err != nil {
			return err
		}
	}
	return nil
}
