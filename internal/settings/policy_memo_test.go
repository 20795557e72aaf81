package settings_test

import (
	"context"
	"testing"

	"dateline/internal/changes"
	"dateline/internal/settings"
	"dateline/internal/store/teststore"
)

// The comment policy is read once until the next event on the change
// feed, and a caller changing its copy changes nobody else's.
func TestThePolicyIsReadAgainAtTheNextEvent(t *testing.T) {
	ctx := context.Background()
	st := teststore.Open(t)
	feed := &changes.Feed{}
	svc := settings.New(settings.Config{Store: st, Changes: feed})
	p, err := svc.Policy(ctx)
	if err != nil {
		t.Fatal(err)
	}
	p.Blocklist = append(p.Blocklist, "mine")
	if again, _ := svc.Policy(ctx); len(again.Blocklist) != 0 {
		t.Errorf("a caller's change reached the kept policy: %v", again.Blocklist)
	}
	// Written behind the service's back, as another server would: kept
	// until the change log's event arrives.
	if err := st.SaveSetting(ctx, settings.PolicyKey, []byte(`{"mode":"approve_all","blocklist":["casino"]}`)); err != nil {
		t.Fatal(err)
	}
	if p, _ := svc.Policy(ctx); len(p.Blocklist) != 0 {
		t.Errorf("the policy was read again without an event: %v", p.Blocklist)
	}
	feed.Publish(ctx, changes.Event{Kind: changes.KindSettings, Action: "update"})
	if p, _ := svc.Policy(ctx); len(p.Blocklist) != 1 || p.Blocklist[0] != "casino" {
		t.Errorf("after the event the policy is %+v, want the blocklist casino", p)
	}
}
