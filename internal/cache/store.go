// Package cache is the page cache in the front door: public answers kept
// in memory, compressed ahead of time, answered without touching the
// handlers, and purged precisely by the dependency tags each answer
// declared when the change feed announces a change to what it was built
// from.
//
// What it keeps: GET and HEAD answers with status 200, or a permanent
// redirect (301, 308), whose handler declared their tags, marked
// Cache-Control public, and that set no cookie. A redirect worked out from
// data (an old WordPress link to an article's address) declares the tags
// of that data, so that the slug's next change purges it like a page. Everything else passes through: POST, the newsroom, the API with
// credentials, previews, a reader's own held comment.
//
// How long: until an event names one of the entry's tags (then the next
// request renders it again, at once), or until MaxAge has passed (then
// one request renders it again while the others get the kept copy: the
// bound on how old the blocks repeated on every page, such as "Latest
// articles", may be). A purged entry is kept aside, and served with
// "stale-if-error" only when rendering it again fails.
package cache

import (
	"container/list"
	"net/http"
	"sync"
	"sync/atomic"
	"time"
)

// entry is one kept answer: its status line, headers, the body in each
// encoding made ahead of time, and the tags it was built from.
type entry struct {
	key    string
	status int // 200, or a permanent redirect's 301 or 308
	header http.Header
	bodies map[string][]byte // by content coding: "identity", "gzip", "br"
	reps   map[string]*representation
	etag   string // of the identity body, quoted; the others add a suffix
	tags   []string
	// fresh is until when the entry may be answered without rendering.
	fresh time.Time
	// purged marks an entry that an event invalidated: never answered as a
	// hit, only when rendering it again fails.
	purged bool
	size   int64
	elem   *list.Element
	// used is set by every hit and cleared by eviction, which gives a used
	// entry a second chance at the front: least recently used order
	// without moving the entry, under a write lock, on every hit.
	used atomic.Bool
	// mirror is the page's path in the static mirror, "" when it is not
	// mirrored.
	mirror string
	// surrogateKey and cacheTag are the CDN headers' values, sent only to
	// the caches in front (Config.CDN).
	surrogateKey, cacheTag []string
}

// store holds the entries, bounded in bytes, least recently used first out
// (by second chance: see entry.used), and finds them by tag. Safe for
// concurrent use; hits take only the read lock.
type store struct {
	mu       sync.RWMutex
	maxBytes int64
	bytes    int64
	entries  map[string]*entry
	byTag    map[string]map[*entry]struct{}
	lru      *list.List // front: most recently used
	stats    *Stats
	// seq numbers the purges; recent keeps the latest ones, so that a
	// page whose render began before a purge of one of its tags is not
	// kept as fresh (it may show what the change replaced).
	seq    uint64
	recent []purgeRecord
}

type purgeRecord struct {
	seq  uint64
	tags []string
}

// recentPurges bounds the purges remembered for renders in flight; a
// render older than all of them is taken as overtaken by a purge.
const recentPurges = 1024

func newStore(maxBytes int64, stats *Stats) *store {
	return &store{maxBytes: maxBytes, entries: map[string]*entry{}, byTag: map[string]map[*entry]struct{}{},
		lru: list.New(), stats: stats}
}

// get returns the entry kept under key, counting it as used, and whether
// an event has purged it.
func (s *store) get(key []byte) (e *entry, purged bool) {
	s.mu.RLock()
	e = s.entries[string(key)] // looked up without making a string
	if e != nil {
		purged = e.purged
	}
	s.mu.RUnlock()
	if e != nil && !e.used.Load() { // a load first: most hits find it set
		e.used.Store(true)
	}
	return e, purged
}

// began is the purge sequence a render starts at, for put.
func (s *store) began() uint64 {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.seq
}

// overtaken reports whether a purge since seq named one of tags.
func (s *store) overtakenLocked(since uint64, all string, tags []string) bool {
	if since == s.seq {
		return false
	}
	if len(s.recent) == 0 || s.recent[0].seq > since+1 {
		return true // the purges since are no longer all remembered
	}
	for _, p := range s.recent {
		if p.seq <= since {
			continue
		}
		for _, pt := range p.tags {
			if pt == all {
				return true
			}
			for _, t := range tags {
				if t == pt {
					return true
				}
			}
		}
	}
	return false
}

// put keeps e under its key, replacing what was there, and evicts the least
// recently used entries past the bound. A render that began at since and
// was overtaken by a purge of one of its tags is kept as purged. An entry
// larger than an eighth of the bound is not kept: one page must not empty
// the cache.
func (s *store) put(e *entry, since uint64, all string) bool {
	if e.size > s.maxBytes/8 {
		return false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.overtakenLocked(since, all, e.tags) {
		e.purged = true
	}
	if old := s.entries[e.key]; old != nil {
		s.removeLocked(old)
	}
	e.elem = s.lru.PushFront(e)
	e.used.Store(true) // or the first eviction would pass over older ones to it
	s.entries[e.key] = e
	for _, t := range e.tags {
		set := s.byTag[t]
		if set == nil {
			set = map[*entry]struct{}{}
			s.byTag[t] = set
		}
		set[e] = struct{}{}
	}
	s.bytes += e.size
	for s.bytes > s.maxBytes {
		oldest := s.lru.Back().Value.(*entry)
		if oldest.used.Swap(false) {
			s.lru.MoveToFront(oldest.elem) // used since it last came round
			continue
		}
		s.removeLocked(oldest)
		s.stats.Evictions.Add(1)
	}
	s.stats.Bytes.Store(s.bytes)
	s.stats.Entries.Store(int64(len(s.entries)))
	return true
}

func (s *store) removeLocked(e *entry) {
	s.lru.Remove(e.elem)
	delete(s.entries, e.key)
	for _, t := range e.tags {
		if set := s.byTag[t]; set != nil {
			delete(set, e)
			if len(set) == 0 {
				delete(s.byTag, t)
			}
		}
	}
	s.bytes -= e.size
}

// purge marks every entry holding one of tags as purged, or every entry
// for the tag "*", and returns those it marked.
func (s *store) purge(all string, tags []string) []*entry {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.seq++
	s.recent = append(s.recent, purgeRecord{seq: s.seq, tags: tags})
	if len(s.recent) > recentPurges {
		s.recent = s.recent[len(s.recent)-recentPurges:]
	}
	var marked []*entry
	mark := func(e *entry) {
		if !e.purged {
			e.purged = true
			marked = append(marked, e)
		}
	}
	for _, t := range tags {
		if t == all {
			for _, e := range s.entries {
				mark(e)
			}
			continue
		}
		for e := range s.byTag[t] {
			mark(e)
		}
	}
	return marked
}

// isPurged reads e's mark under the lock.
func (s *store) isPurged(e *entry) bool {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return e.purged
}
