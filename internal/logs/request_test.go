package logs

import (
	"bytes"
	"context"
	"log/slog"
	"testing"
	"time"
)

// The request line written straight into the buffer is the very line
// slog's handlers write, in both formats, for every shape of value; values
// that are not plain take slog's path.
func TestARequestLineIsWhatSlogWouldWrite(t *testing.T) {
	at := time.Date(2026, 12, 2, 18, 21, 33, 120_000_000, time.UTC)
	requests := []Request{
		{Method: "GET", Path: "/2026/12/02/floods/", Status: 200, Bytes: 6856, Took: 231 * time.Microsecond, Cache: "hit", ID: "a1b2c3-17"},
		{Method: "HEAD", Path: "/", Status: 304, Took: 3 * time.Second, Cache: "-", ID: "x"},
		{Method: "POST", Path: "/a b/", Status: 500, Cache: "miss", ID: "id"},
		{Method: "GET", Path: `/"quoted"=\`, Status: 404, Cache: "-", ID: "id"},
		{Method: "GET", Path: "/ข่าว/", Status: 200, Cache: "stale", ID: ""},
		{Method: "GET", Path: "/\x00\n\xff", Status: 400, Cache: "-", ID: "id"},
	}
	for _, format := range []Format{FormatJSON, FormatText} {
		for _, at := range []time.Time{at, at.Add(7), time.Date(2026, 1, 1, 0, 0, 0, 0, time.FixedZone("ICT", 7*3600))} {
			for _, q := range requests {
				var fast, slow bytes.Buffer
				l := New(&fast, format, slog.LevelInfo)
				l.Close()
				logRequestAt(context.Background(), l.Handler(), q, at)
				ref := New(&slow, format, slog.LevelInfo)
				ref.Close()
				ref.Handler().Handle(context.Background(), q.Record(at))
				if fast.String() != slow.String() {
					t.Errorf("%s %+v:\n got %s\nwant %s", format, q, fast.String(), slow.String())
				}
			}
		}
	}
}

func TestARequestLineKeepsTheLevelAndTheLoggersAttributes(t *testing.T) {
	var out bytes.Buffer
	l := New(&out, FormatText, slog.LevelWarn)
	l.Close()
	LogRequest(context.Background(), l.Handler(), Request{Method: "GET", Path: "/", Status: 200, Cache: "-", ID: "1"})
	if out.Len() != 0 {
		t.Errorf("a request line at warn: %q", out.String())
	}
	l = New(&out, FormatText, slog.LevelInfo)
	l.Close()
	LogRequest(context.Background(), l.With("node", "b").Handler(), Request{Method: "GET", Path: "/", Status: 200, Cache: "-", ID: "1"})
	if !bytes.Contains(out.Bytes(), []byte(" node=b method=GET")) {
		t.Errorf("the logger's attributes were lost: %q", out.String())
	}
}
