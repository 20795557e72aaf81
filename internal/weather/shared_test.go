package weather

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"dateline/internal/changes"
	"dateline/internal/clock"
	"dateline/internal/store/teststore"
)

// node is one server of a site on the shared database: its fetcher on a
// clock of its own, its change feed and the journal that carries the feed
// to the other nodes.
type node struct {
	name    string
	clock   *clock.Fake
	fetcher *Fetcher
	journal *changes.Journal
	stop    func()
}

// fetches counts the provider's answers, each with the time it was asked
// at and who asked; the nth answer is 20+n °C.
type fetches struct {
	mu   sync.Mutex
	list []fetched
}

type fetched struct {
	node string
	at   time.Time
}

func (f *fetches) provider(name string, c *clock.Fake) Provider {
	return providerFunc(func(context.Context, Location) (Reading, error) {
		f.mu.Lock()
		defer f.mu.Unlock()
		f.list = append(f.list, fetched{name, c.Now()})
		return Reading{TemperatureC: 20 + float64(len(f.list)), Code: 1, IsDay: true, At: c.Now().UTC()}, nil
	})
}

func (f *fetches) all() []fetched {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]fetched(nil), f.list...)
}

func newNode(t *testing.T, name, db string, count *fetches) *node {
	t.Helper()
	st := teststore.OpenURL(t, db)
	n := &node{name: name, clock: newFakeClock()}
	feed := &changes.Feed{}
	var err error
	n.journal, err = changes.NewJournal(t.Context(), changes.JournalConfig{Log: st, Feed: feed, Now: n.clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	n.fetcher = NewFetcher(FetcherConfig{Provider: count.provider(name, n.clock), Location: bangkok, Label: "Thailand",
		Interval: time.Hour, Clock: n.clock, Shared: st, Node: name, Changes: feed})
	return n
}

// start runs the node's fetcher and returns when it sleeps after its
// first wake-up, with until when.
func (n *node) start(t *testing.T) time.Time {
	t.Helper()
	n.stop = run(t, n.fetcher)
	return n.sleeps(t)
}

// sleeps waits until the node's fetcher sleeps, and returns until when.
func (n *node) sleeps(t *testing.T) time.Time {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	for {
		at, err := n.clock.NextTimer(ctx)
		if err != nil {
			t.Fatalf("%s never went to sleep", n.name)
		}
		if at.After(n.clock.Now()) {
			return at
		}
	}
}

// temperature is what the node's header shows, "" for nothing.
func (n *node) temperature() string {
	if d := n.fetcher.Current(); d != nil {
		return d.Temperature
	}
	return ""
}

// carry brings each node's announcements to the others through the
// change log, as their journals do every half second.
func carry(t *testing.T, nodes ...*node) {
	t.Helper()
	for _, n := range nodes {
		n.journal.Flush(t.Context())
	}
	for _, n := range nodes {
		n.journal.Follow(t.Context())
	}
}

// Two nodes on one database: the weather is fetched by one of them once
// per interval, whichever it is, never by both, and both show each
// reading, the other node learning of it through the change log.
func TestTwoNodesFetchTheWeatherOncePerInterval(t *testing.T) {
	db := teststore.New(t)
	var count fetches
	a, b := newNode(t, "node-a", db, &count), newNode(t, "node-b", db, &count)
	next := map[*node]time.Time{a: a.start(t)}
	if got := count.all(); len(got) != 1 || got[0].node != "node-a" {
		t.Fatalf("the first node to start fetched %v, want once", got)
	}
	next[b] = b.start(t)
	if got := count.all(); len(got) != 1 {
		t.Fatalf("the second node fetched as well: %v", got)
	}
	if a.temperature() != "21.0 °C" || b.temperature() != "21.0 °C" {
		t.Fatalf("the nodes show %q and %q, want the one reading, 21.0 °C", a.temperature(), b.temperature())
	}

	// A day, each node waking at its own times.
	now := a.clock.Now()
	end := now.Add(24 * time.Hour)
	for now.Before(end) {
		woke := a
		if next[b].Before(next[a]) {
			woke = b
		}
		now = next[woke]
		before := len(count.all())
		a.clock.Set(now)
		b.clock.Set(now)
		next[woke] = woke.sleeps(t)
		carry(t, a, b)
		if got := count.all(); len(got) > before {
			want := fmt.Sprintf("%.1f °C", 20+float64(len(got)))
			if a.temperature() != want || b.temperature() != want {
				t.Fatalf("after %s fetched at %v the nodes show %q and %q, want %q", woke.name, now, a.temperature(), b.temperature(), want)
			}
		}
	}
	got := count.all()
	for i := 1; i < len(got); i++ {
		// The fetching node renews the lease at every fetch; the other
		// may take it only once it has run out, an interval after.
		least := 54 * time.Minute // the interval less its 10 % jitter
		if got[i].node != got[i-1].node {
			least = time.Hour
		}
		if gap := got[i].at.Sub(got[i-1].at); gap < least {
			t.Errorf("fetched by %s and then %s %v apart", got[i-1].node, got[i].node, gap)
		}
	}
	if n := len(got); n < 22 || n > 28 {
		t.Errorf("fetched %d times in 25 hours, want about 25", n)
	}

	// The node that fetched last dies holding the lease: the other takes
	// over once the lease has run out, at its next wake-up after that.
	last := got[len(got)-1]
	dead, alive := a, b
	if last.node == "node-b" {
		dead, alive = b, a
	}
	dead.stop()
	for {
		now = next[alive]
		alive.clock.Set(now)
		next[alive] = alive.sleeps(t)
		if list := count.all(); len(list) > len(got) {
			took := list[len(list)-1]
			if took.node != alive.name || took.at.Before(last.at.Add(time.Hour)) || took.at.After(last.at.Add(2*time.Hour+6*time.Minute)) {
				t.Fatalf("after %s fetched at %v and died, %s fetched at %v", last.node, last.at, took.node, took.at)
			}
			break
		}
		if now.After(last.at.Add(3 * time.Hour)) {
			t.Fatalf("%s never took over from %s, which died at %v", alive.name, last.node, last.at)
		}
	}
}
