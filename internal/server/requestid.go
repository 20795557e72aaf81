package server

import (
	"crypto/rand"
	"encoding/hex"
	"strconv"
	"strings"
	"sync/atomic"
)

// requestIDs numbers this process's requests after a random prefix, so
// that ids from several servers or restarts do not collide in one log.
type requestIDs struct {
	prefix string
	n      atomic.Uint64
}

func newRequestIDs() *requestIDs {
	var b [4]byte
	rand.Read(b[:])
	return &requestIDs{prefix: hex.EncodeToString(b[:]) + "-"}
}

func (ids *requestIDs) next() string {
	var buf [32]byte
	out := append(buf[:0], ids.prefix...)
	return string(strconv.AppendUint(out, ids.n.Add(1), 10))
}

// cacheWord shortens a Cache-Status value to the one word a log line
// needs: hit, miss, stale, stale-if-error, shed or pass (not kept).
func cacheWord(status string) string {
	switch {
	case strings.Contains(status, "stale-while-revalidate"):
		return "stale"
	case strings.Contains(status, "stale-if-error"):
		return "stale-if-error"
	case strings.Contains(status, "overloaded"):
		return "shed"
	case strings.Contains(status, "stored=false"):
		return "pass"
	case strings.Contains(status, "fwd=miss"):
		return "miss"
	case strings.Contains(status, "hit"):
		return "hit"
	}
	return status
}
