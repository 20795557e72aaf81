package weather

import (
	"context"
	"encoding/json"
	"errors"
	"time"

	"dateline/internal/changes"
	"dateline/internal/store"
)

// Shared is where the nodes of one site on one database keep one weather
// reading, so that it is fetched once however many nodes there are: the
// node holding the lease named [LeaseName] fetches, renewing it for an
// Interval at every fetch, and keeps each good reading under the setting
// [SettingKey]; the others read that reading when its announcement
// reaches them through the change log, and at each of their own wakes,
// when they also ask for the lease, so that one of them takes over within
// an interval or so of the fetching node going away. store.Store has
// these methods.
type Shared interface {
	TryLease(ctx context.Context, name, holder string, ttl time.Duration, now time.Time) (bool, error)
	Setting(ctx context.Context, key string) ([]byte, error)
	SaveSetting(ctx context.Context, key string, value []byte) error
}

const (
	// LeaseName is the lease of the node that fetches.
	LeaseName = "weather"
	// SettingKey is the setting the last good reading is kept under.
	SettingKey = "weather"
)

// kept is a reading as the nodes share it: with the place it is of, and
// when it was fetched by the fetching node's clock.
type kept struct {
	Location Location
	Reading  Reading
	Fetched  time.Time
}

// turn takes or renews the fetch lease: whether this node fetches now.
func (f *Fetcher) turn(ctx context.Context) (bool, error) {
	return f.shared.TryLease(ctx, LeaseName, f.node, f.interval, f.now())
}

// share keeps a reading just fetched for the other nodes. A failure is
// logged: this node shows the reading anyway, and the others keep theirs.
func (f *Fetcher) share(ctx context.Context, loc Location, r Reading) {
	if f.shared == nil {
		return
	}
	raw, err := json.Marshal(kept{Location: loc, Reading: r, Fetched: f.now().UTC()})
	if err == nil {
		err = f.shared.SaveSetting(ctx, SettingKey, raw)
	}
	if err != nil && ctx.Err() == nil {
		f.log.Warn("weather: keeping the reading for the other nodes", "err", err)
	}
}

// followChange reads the shared reading again when another node announces
// one.
func (f *Fetcher) followChange(ctx context.Context, e changes.Event) {
	if e.Kind == changes.KindWeather && e.Origin != "" {
		f.follow(ctx)
	}
}

// follow shows the reading another node kept, when it is of this node's
// place and newer than what this node shows. A reading that does not pass
// the checks of a fetched one is ignored.
func (f *Fetcher) follow(ctx context.Context) {
	raw, err := f.shared.Setting(ctx, SettingKey)
	if errors.Is(err, store.ErrNotFound) {
		return
	}
	var k kept
	if err == nil {
		err = json.Unmarshal(raw, &k)
	}
	if err == nil {
		err = k.Reading.Validate()
	}
	if err != nil {
		if ctx.Err() == nil {
			f.log.Warn("weather: reading the other nodes' reading", "err", err)
		}
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	next := *f.state.Load()
	if k.Location != next.loc || (next.display != nil && !k.Fetched.After(next.fetched)) {
		return
	}
	next.reading, next.fetched = k.Reading, k.Fetched
	next.display = newDisplay(k.Reading, next.label, next.units)
	f.state.Store(&next)
}
