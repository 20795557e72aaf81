package changes

import (
	"context"
	"sync"
)

// Held keeps the events published under a context of [Hold] until the
// change they announce has committed: a store's transaction that several
// writes, each announcing itself, join (store.Transactions). Safe for
// concurrent use.
type Held struct {
	parent *Held
	mu     sync.Mutex
	kept   []heldEvents
	done   bool
}

// heldEvents are the events of one Publish, with the feed they go to.
type heldEvents struct {
	feed   *Feed
	events []Event
}

type holdKey struct{}

// Hold returns a context under which [Feed.Publish] keeps its events in
// the returned Held instead of delivering them. A hold made under another
// one is a part of it: what it releases goes on being held by the outer
// hold, to be delivered when that one is.
func Hold(ctx context.Context) (context.Context, *Held) {
	h := &Held{parent: held(ctx)}
	return context.WithValue(ctx, holdKey{}, h), h
}

func held(ctx context.Context) *Held {
	h, _ := ctx.Value(holdKey{}).(*Held)
	return h
}

// keep holds the events of one Publish; false when h is already released
// or dropped, and the events are to be delivered at once.
func (h *Held) keep(f *Feed, events []Event) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.done {
		return false
	}
	h.kept = append(h.kept, heldEvents{f, events})
	return true
}

// take ends the hold and returns what it kept.
func (h *Held) take() []heldEvents {
	h.mu.Lock()
	defer h.mu.Unlock()
	kept := h.kept
	h.kept, h.done = nil, true
	return kept
}

// Release delivers the events held, in the order they were published,
// each to its feed's subscribers with ctx (which should be the context
// the hold was made under); under an outer hold they are handed to it
// instead. Call it once the change has committed.
func (h *Held) Release(ctx context.Context) {
	kept := h.take()
	if h.parent != nil {
		for _, k := range kept {
			if !h.parent.keep(k.feed, k.events) {
				k.feed.deliver(ctx, k.events)
			}
		}
		return
	}
	for _, k := range kept {
		k.feed.deliver(ctx, k.events)
	}
}

// Drop forgets the events held: the change they announce was rolled back.
func (h *Held) Drop() { h.take() }
