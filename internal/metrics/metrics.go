// Package metrics keeps the program's counters and writes them at /metrics
// in the Prometheus text exposition format (version 0.0.4). It is small on
// purpose: counters and histograms over label values fixed when they are
// made, so that recording one costs an atomic add and no allocation on the
// request path, and the number of series is bounded whatever requests
// arrive.
package metrics

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
)

// Registry holds what /metrics writes: each source writes its families in
// turn, in the order they were added.
type Registry struct {
	mu      sync.Mutex
	sources []Source
}

// A Source writes families of metrics.
type Source interface{ Collect(w *Writer) }

// SourceFunc is a Source made of a function, for values read when
// /metrics is asked for (a pool's counts, a reading's age).
type SourceFunc func(w *Writer)

func (f SourceFunc) Collect(w *Writer) { f(w) }

// Add adds sources to what the registry writes.
func (r *Registry) Add(s ...Source) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.sources = append(r.sources, s...)
}

// Collect writes the registry's sources, so that one registry may be a
// source of another.
func (r *Registry) Collect(w *Writer) {
	r.mu.Lock()
	sources := append([]Source(nil), r.sources...)
	r.mu.Unlock()
	for _, s := range sources {
		s.Collect(w)
	}
}

// Write writes every source's families to out.
func (r *Registry) Write(out io.Writer) error {
	w := &Writer{b: bufio.NewWriter(out)}
	r.Collect(w)
	return w.b.Flush()
}

// Writer writes families in the text format. It is an io.Writer too,
// for a part that writes its own lines.
type Writer struct{ b *bufio.Writer }

func (w *Writer) Write(p []byte) (int, error) { return w.b.Write(p) }

// Family starts a family: its HELP and TYPE lines.
func (w *Writer) Family(name, kind, help string) {
	fmt.Fprintf(w.b, "# HELP %s %s\n# TYPE %s %s\n", name, escapeHelp(help), name, kind)
}

// Sample writes one sample of a family; labels are name, value pairs.
func (w *Writer) Sample(name string, value float64, labels ...string) {
	w.b.WriteString(name)
	if len(labels) > 0 {
		w.b.WriteByte('{')
		for i := 0; i+1 < len(labels); i += 2 {
			if i > 0 {
				w.b.WriteByte(',')
			}
			w.b.WriteString(labels[i])
			w.b.WriteString(`="`)
			w.b.WriteString(escapeLabel(labels[i+1]))
			w.b.WriteByte('"')
		}
		w.b.WriteByte('}')
	}
	w.b.WriteByte(' ')
	w.b.WriteString(formatValue(value))
	w.b.WriteByte('\n')
}

// Counter writes a family of one counter.
func (w *Writer) Counter(name, help string, value float64) {
	w.Family(name, "counter", help)
	w.Sample(name, value)
}

// Gauge writes a family of one gauge.
func (w *Writer) Gauge(name, help string, value float64) {
	w.Family(name, "gauge", help)
	w.Sample(name, value)
}

func formatValue(v float64) string {
	switch {
	case math.IsInf(v, 1):
		return "+Inf"
	case math.IsInf(v, -1):
		return "-Inf"
	case math.IsNaN(v):
		return "NaN"
	case v == math.Trunc(v) && math.Abs(v) < 1e15:
		return strconv.FormatInt(int64(v), 10)
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}

var (
	helpEscaper  = strings.NewReplacer(`\`, `\\`, "\n", `\n`)
	labelEscaper = strings.NewReplacer(`\`, `\\`, "\n", `\n`, `"`, `\"`)
)

func escapeHelp(s string) string  { return helpEscaper.Replace(s) }
func escapeLabel(s string) string { return labelEscaper.Replace(s) }

// CounterVec is a family of counters, one for each combination of label
// values given when it is made.
type CounterVec struct {
	name, help string
	labels     []string
	series     map[labelValues]*series
	order      []*series
}

// labelValues are a series' label values as a map key, which a lookup
// makes without allocating; a family has at most maxLabels labels.
type labelValues [maxLabels]string

const maxLabels = 4

func keyOf(values []string) (labelValues, bool) {
	var k labelValues
	if len(values) > maxLabels {
		return k, false
	}
	copy(k[:], values)
	return k, true
}

type series struct {
	values []string
	n      atomic.Uint64
}

// NewCounterVec makes a family over every combination of the values of
// each label (labels[i] takes values[i]).
func NewCounterVec(name, help string, labels []string, values [][]string) *CounterVec {
	if len(labels) > maxLabels || len(labels) != len(values) {
		panic(fmt.Sprintf("metrics: %s: at most %d labels, each with its values", name, maxLabels))
	}
	c := &CounterVec{name: name, help: help, labels: labels, series: map[labelValues]*series{}}
	for _, combo := range combinations(values) {
		s := &series{values: combo}
		k, _ := keyOf(combo)
		c.series[k] = s
		c.order = append(c.order, s)
	}
	return c
}

// Add adds n to the counter of the label values, which must be among
// those the family was made with; others are a programming error and
// panic, so that a typo shows in the tests rather than as a lost count.
func (c *CounterVec) Add(n uint64, values ...string) {
	k, _ := keyOf(values)
	s, ok := c.series[k]
	if !ok || len(values) != len(c.labels) {
		panic("metrics: " + c.name + " has no series " + strings.Join(values, ","))
	}
	s.n.Add(n)
}

// Inc adds one.
func (c *CounterVec) Inc(values ...string) { c.Add(1, values...) }

// Value is the counter of the label values.
func (c *CounterVec) Value(values ...string) uint64 {
	if k, ok := keyOf(values); ok {
		if s, ok := c.series[k]; ok {
			return s.n.Load()
		}
	}
	return 0
}

func (c *CounterVec) Collect(w *Writer) {
	w.Family(c.name, "counter", c.help)
	for _, s := range c.order {
		w.Sample(c.name, float64(s.n.Load()), pairs(c.labels, s.values)...)
	}
}

func pairs(names, values []string) []string {
	out := make([]string, 0, 2*len(names))
	for i, n := range names {
		out = append(out, n, values[i])
	}
	return out
}

func combinations(values [][]string) [][]string {
	out := [][]string{{}}
	for _, vs := range values {
		var next [][]string
		for _, prefix := range out {
			for _, v := range vs {
				next = append(next, append(append([]string{}, prefix...), v))
			}
		}
		out = next
	}
	return out
}

// Histogram counts observations in buckets, in seconds.
type Histogram struct {
	bounds []float64
	counts []atomic.Uint64 // one per bound, and the last for +Inf
	sumNs  atomic.Int64
}

// LatencyBuckets are the bounds, in seconds, of a web request's time: a
// cached page is well under a millisecond, a slow one a few seconds.
var LatencyBuckets = []float64{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10}

// NewHistogram makes a histogram over bounds (ascending, in seconds).
func NewHistogram(bounds []float64) *Histogram {
	return &Histogram{bounds: bounds, counts: make([]atomic.Uint64, len(bounds)+1)}
}

// ObserveNs records one observation of ns nanoseconds.
func (h *Histogram) ObserveNs(ns int64) {
	sec := float64(ns) / 1e9
	i := 0
	for i < len(h.bounds) && sec > h.bounds[i] {
		i++
	}
	h.counts[i].Add(1)
	h.sumNs.Add(ns)
}

// write writes the histogram's samples under name with labels.
func (h *Histogram) write(w *Writer, name string, labels ...string) {
	var cum uint64
	for i, b := range h.bounds {
		cum += h.counts[i].Load()
		w.Sample(name+"_bucket", float64(cum), append(labels, "le", formatValue(b))...)
	}
	cum += h.counts[len(h.bounds)].Load()
	w.Sample(name+"_bucket", float64(cum), append(labels, "le", "+Inf")...)
	w.Sample(name+"_sum", float64(h.sumNs.Load())/1e9, labels...)
	w.Sample(name+"_count", float64(cum), labels...)
}

// HistogramVec is a family of histograms, one for each value of one label.
type HistogramVec struct {
	name, help, label string
	values            []string
	byValue           map[string]*Histogram
}

// NewHistogramVec makes one histogram over bounds for each value.
func NewHistogramVec(name, help, label string, values []string, bounds []float64) *HistogramVec {
	h := &HistogramVec{name: name, help: help, label: label, values: values, byValue: map[string]*Histogram{}}
	for _, v := range values {
		h.byValue[v] = NewHistogram(bounds)
	}
	return h
}

// ObserveNs records ns nanoseconds under the label value, which must be
// one the family was made with.
func (h *HistogramVec) ObserveNs(value string, ns int64) {
	hist, ok := h.byValue[value]
	if !ok {
		panic(fmt.Sprintf("metrics: %s has no series %q", h.name, value))
	}
	hist.ObserveNs(ns)
}

func (h *HistogramVec) Collect(w *Writer) {
	w.Family(h.name, "histogram", h.help)
	for _, v := range h.values {
		h.byValue[v].write(w, h.name, h.label, v)
	}
}
