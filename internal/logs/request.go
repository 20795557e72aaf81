package logs

import (
	"context"
	"log/slog"
	"strconv"
	"sync"
	"time"
)

// Request is the line written for each request the server answers.
type Request struct {
	Method, Path string
	Status       int
	Bytes        int
	Took         time.Duration
	Cache        string // the page cache's word: hit, miss, stale, or "-"
	ID           string
}

// Record is the request's line as a slog record at Info.
func (q Request) Record(at time.Time) slog.Record {
	rec := slog.NewRecord(at, slog.LevelInfo, "request", 0)
	rec.AddAttrs(
		slog.String("method", q.Method),
		slog.String("path", q.Path),
		slog.Int("status", q.Status),
		slog.Int("bytes", q.Bytes),
		slog.Duration("took", q.Took),
		slog.String("cache", q.Cache),
		slog.String("id", q.ID),
	)
	return rec
}

// LogRequest writes the request's line through h. A logger made by New
// writes it straight into its buffer, the same bytes slog would write:
// slog's general machinery was most of what logging cost a cached page,
// about 4% of its time. Any other handler gets the record.
func LogRequest(ctx context.Context, h slog.Handler, q Request) {
	logRequestAt(ctx, h, q, time.Now())
}

func logRequestAt(ctx context.Context, h slog.Handler, q Request, now time.Time) {
	if !h.Enabled(ctx, slog.LevelInfo) {
		return
	}
	if u, ok := h.(urgent); ok && u.plain && plain(q.Method) && plain(q.Path) && plain(q.Cache) && plain(q.ID) {
		b := lineBuffers.Get().(*[]byte)
		*b = u.appendRequest((*b)[:0], now, q)
		u.w.Write(*b)
		lineBuffers.Put(b)
		return
	}
	h.Handle(ctx, q.Record(now))
}

var lineBuffers = sync.Pool{New: func() any { b := make([]byte, 0, 512); return &b }}

// plain reports whether s is written the same bare in text and between
// quotes in JSON: printable ASCII without quotes, backslashes, spaces or
// equals signs. Anything else goes the long way, through slog.
func plain(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c <= ' ' || c >= 0x7f || c == '"' || c == '\\' || c == '=' {
			return false
		}
	}
	return true
}

// appendRequest is q's line in the handler's format, as slog's JSON and
// text handlers write it (logs_test.go holds them to it).
func (u urgent) appendRequest(b []byte, at time.Time, q Request) []byte {
	if u.json {
		b = append(b, `{"time":"`...)
		b = at.AppendFormat(b, time.RFC3339Nano)
		b = append(b, `","level":"INFO","msg":"request","method":"`...)
		b = append(b, q.Method...)
		b = append(b, `","path":"`...)
		b = append(b, q.Path...)
		b = append(b, `","status":`...)
		b = strconv.AppendInt(b, int64(q.Status), 10)
		b = append(b, `,"bytes":`...)
		b = strconv.AppendInt(b, int64(q.Bytes), 10)
		b = append(b, `,"took":`...)
		b = strconv.AppendInt(b, int64(q.Took), 10)
		b = append(b, `,"cache":"`...)
		b = append(b, q.Cache...)
		b = append(b, `","id":"`...)
		b = append(b, q.ID...)
		return append(b, "\"}\n"...)
	}
	b = append(b, "time="...)
	b = appendRFC3339Millis(b, at)
	b = append(b, " level=INFO msg=request method="...)
	b = append(b, q.Method...)
	b = append(b, " path="...)
	b = append(b, q.Path...)
	b = append(b, " status="...)
	b = strconv.AppendInt(b, int64(q.Status), 10)
	b = append(b, " bytes="...)
	b = strconv.AppendInt(b, int64(q.Bytes), 10)
	b = append(b, " took="...)
	b = append(b, q.Took.String()...)
	b = append(b, " cache="...)
	b = append(b, q.Cache...)
	b = append(b, " id="...)
	b = append(b, q.ID...)
	return append(b, '\n')
}

// appendRFC3339Millis writes t as slog's text handler does: RFC 3339 with
// exactly three digits of milliseconds.
func appendRFC3339Millis(b []byte, t time.Time) []byte {
	const prefixLen = len("2006-01-02T15:04:05.000")
	n := len(b)
	t = t.Truncate(time.Millisecond).Add(time.Millisecond / 10)
	b = t.AppendFormat(b, time.RFC3339Nano)
	return append(b[:n+prefixLen], b[n+prefixLen+1:]...) // drop the 4th digit
}
