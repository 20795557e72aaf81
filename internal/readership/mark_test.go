package readership_test

import (
	"net/http"
	"testing"

	"dateline/internal/readership"
)

func TestTheMarkReadsBackAndIsRemoved(t *testing.T) {
	h := http.Header{}
	readership.MarkView(h, 7)
	if id := readership.TakeView(h); id != 7 || len(h) != 0 {
		t.Errorf("TakeView = %d, headers left %v", id, h)
	}
	if id := readership.TakeView(h); id != 0 {
		t.Errorf("a second TakeView = %d", id)
	}
	for _, bad := range []string{"seven", "-3", "0"} {
		h := http.Header{readership.ViewHeader: {bad}}
		if id := readership.TakeView(h); id != 0 || len(h) != 0 {
			t.Errorf("mark %q: TakeView = %d, headers left %v", bad, id, h)
		}
	}
}
