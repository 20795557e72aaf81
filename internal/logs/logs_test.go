package logs

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"strings"
	"sync"
	"testing"
)

// syncBuffer is a bytes.Buffer the flusher and the test may share.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestLinesAreJSONOffATerminalAndWrittenOutByClose(t *testing.T) {
	var out syncBuffer
	l := New(&out, FormatAuto, slog.LevelInfo)
	l.Info("request", "path", "/a/", "status", 200)
	l.Close()
	var rec map[string]any
	if err := json.Unmarshal([]byte(strings.TrimSpace(out.String())), &rec); err != nil {
		t.Fatalf("not one JSON line: %q: %v", out.String(), err)
	}
	if rec["msg"] != "request" || rec["path"] != "/a/" || rec["status"] != float64(200) {
		t.Errorf("line %v", rec)
	}
	l.Info("after close")
	if !strings.Contains(out.String(), "after close") {
		t.Error("a line logged after Close was not written at once")
	}
}

func TestAWarningIsWrittenAtOnceAndAnInfoLineWaitsForTheFlush(t *testing.T) {
	var out syncBuffer
	l := New(&out, FormatText, slog.LevelInfo)
	defer l.Close()
	l.Info("routine")
	// The flusher may have run already, in the time between; what must
	// hold is that the warning is out as soon as Warn returns, with the
	// line before it.
	l.Warn("disk nearly full")
	got := out.String()
	if !strings.Contains(got, "disk nearly full") || !strings.Contains(got, "routine") {
		t.Errorf("after Warn the log holds %q", got)
	}
	if !strings.Contains(got, "level=WARN") {
		t.Errorf("text format expected on request: %q", got)
	}
}

func TestUnknownFormatsAreRefused(t *testing.T) {
	for in, want := range map[string]Format{"": FormatAuto, "auto": FormatAuto, "json": FormatJSON, "text": FormatText} {
		if got, err := ParseFormat(in); err != nil || got != want {
			t.Errorf("ParseFormat(%q) = %q, %v", in, got, err)
		}
	}
	if _, err := ParseFormat("xml"); err == nil {
		t.Error("xml accepted")
	}
	for in, want := range map[string]slog.Level{"debug": slog.LevelDebug, "info": slog.LevelInfo, "warn": slog.LevelWarn, "error": slog.LevelError} {
		if got, err := ParseLevel(in); err != nil || got != want {
			t.Errorf("ParseLevel(%q) = %v, %v", in, got, err)
		}
	}
	for _, bad := range []string{"", "loud", "INFO+2", "warning"} {
		if _, err := ParseLevel(bad); err == nil {
			t.Errorf("level %q accepted", bad)
		}
	}
}

func TestRecordsBelowTheLevelAreLeftOut(t *testing.T) {
	var out syncBuffer
	l := New(&out, FormatJSON, slog.LevelWarn)
	l.Info("request", "path", "/")
	l.Warn("slow disk")
	l.Close()
	if got := out.String(); strings.Contains(got, "request") || !strings.Contains(got, "slow disk") {
		t.Errorf("at warn the log holds %q", got)
	}
}
