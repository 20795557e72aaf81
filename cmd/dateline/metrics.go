package main

import (
	"database/sql"
	"time"

	"dateline/internal/backup"
	"dateline/internal/comments"
	"dateline/internal/metrics"
	"dateline/internal/purge"
	"dateline/internal/store"
	"dateline/internal/weather"
)

// programMetrics are the figures /metrics writes beside the front door's
// own: the runtime's, the database pools', the weather reading's age, the
// comment form's outcomes, the CDN purger's results, the scheduled
// backups and the writes the disk refused.
func programMetrics(started time.Time, st any, fetcher *weather.Fetcher, talk *comments.Service, purger *purge.Batcher, backups *backup.Schedule, writes []*store.WriteHealth, jobs map[string]*metrics.Runs) *metrics.Registry {
	reg := &metrics.Registry{}
	reg.Add(metrics.Runtime(started), metrics.JobRuns(jobs))
	switch p := st.(type) {
	case interface {
		PoolStats() (read, write sql.DBStats)
	}: // SQLite's reader pool and its one writer
		reg.Add(metrics.SourceFunc(func(w *metrics.Writer) {
			read, write := p.PoolStats()
			poolMetrics(w, dbPool{"read", read}, dbPool{"write", write})
		}))
	case interface {
		PoolStat() sql.DBStats
		ReplicaPoolStat() (sql.DBStats, bool)
		ReplicaHealth() (up bool, fallbacks int64, ok bool)
	}: // PostgreSQL's pool, and its replica's with --db-replica
		reg.Add(metrics.SourceFunc(func(w *metrics.Writer) {
			pools := []dbPool{{"postgres", p.PoolStat()}}
			if replica, ok := p.ReplicaPoolStat(); ok {
				pools = append(pools, dbPool{"replica", replica})
			}
			poolMetrics(w, pools...)
			if up, fallbacks, ok := p.ReplicaHealth(); ok {
				w.Family("dateline_db_replica_up", "gauge", "1 while the replica is read; 0 for a few seconds after it could not be reached, its readers served by the primary meanwhile.")
				w.Sample("dateline_db_replica_up", map[bool]float64{true: 1, false: 0}[up])
				w.Family("dateline_db_replica_fallbacks_total", "counter", "Readers' reads that went to the primary because the replica could not be reached.")
				w.Sample("dateline_db_replica_fallbacks_total", float64(fallbacks))
			}
		}))
	}
	if fetcher != nil {
		reg.Add(metrics.SourceFunc(func(w *metrics.Writer) {
			w.Family("dateline_weather_reading_age_seconds", "gauge", "How old the weather reading in the header is; absent when there is none.")
			if age, ok := fetcher.Age(); ok {
				w.Sample("dateline_weather_reading_age_seconds", age.Seconds())
			}
		}))
	}
	if talk != nil {
		reg.Add(talk)
	}
	if purger != nil {
		reg.Add(metrics.SourceFunc(func(w *metrics.Writer) {
			s := purger.Stats()
			w.Counter("dateline_purge_batches_total", "Batches of tags sent to the CDN purger.", float64(s.Batches.Load()))
			w.Counter("dateline_purge_requests_total", "Purge requests sent, retries included.", float64(s.Requests.Load()))
			w.Counter("dateline_purge_failed_total", "Purge requests given up after their retries.", float64(s.Failed.Load()))
		}))
	}
	if backups != nil {
		reg.Add(backups)
	}
	if len(writes) > 0 {
		reg.Add(metrics.SourceFunc(func(w *metrics.Writer) { writeMetrics(w, writes) }))
	}
	return reg
}

// writeMetrics says, for the database and the media folder, whether the
// disk refuses writes now and how many it has refused.
func writeMetrics(w *metrics.Writer, writes []*store.WriteHealth) {
	w.Family("dateline_writes_refused", "gauge", "1 while the disk refuses writes (full or read-only), by store (database, media); readers are still served.")
	for _, h := range writes {
		refused := 0.0
		if h.Refused() {
			refused = 1
		}
		w.Sample("dateline_writes_refused", refused, "store", h.What())
	}
	w.Family("dateline_write_refusals_total", "counter", "Writes the disk refused, by store and reason (disk_full, read_only).")
	for _, h := range writes {
		full, readOnly := h.Refusals()
		w.Sample("dateline_write_refusals_total", float64(full), "store", h.What(), "reason", "disk_full")
		w.Sample("dateline_write_refusals_total", float64(readOnly), "store", h.What(), "reason", "read_only")
	}
}

// dbPool is one connection pool of the database, named for the pool label.
type dbPool struct {
	name  string
	stats sql.DBStats
}

// poolMetrics writes the pools' figures: SQLite's read and write, or
// PostgreSQL's one.
func poolMetrics(w *metrics.Writer, pools ...dbPool) {
	for _, f := range []struct {
		name, kind, help string
		value            func(sql.DBStats) float64
	}{
		{"dateline_db_connections_open", "gauge", "Database connections open, by pool.", func(s sql.DBStats) float64 { return float64(s.OpenConnections) }},
		{"dateline_db_connections_in_use", "gauge", "Database connections in use, by pool.", func(s sql.DBStats) float64 { return float64(s.InUse) }},
		{"dateline_db_connections_max", "gauge", "The most connections a pool opens.", func(s sql.DBStats) float64 { return float64(s.MaxOpenConnections) }},
		{"dateline_db_waits_total", "counter", "Times a request waited for a free connection, by pool.", func(s sql.DBStats) float64 { return float64(s.WaitCount) }},
		{"dateline_db_wait_seconds_total", "counter", "Time spent waiting for a free connection, by pool.", func(s sql.DBStats) float64 { return s.WaitDuration.Seconds() }},
	} {
		w.Family(f.name, f.kind, f.help)
		for _, p := range pools {
			w.Sample(f.name, f.value(p.stats), "pool", p.name)
		}
	}
}
