package postgres_test

import (
	"context"
	"errors"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"dateline/internal/changes"
	"dateline/internal/content"
	"dateline/internal/store"
	"dateline/internal/store/postgres"
	"dateline/internal/store/postgres/pgtest"
)

// openReplicated opens a store on a new schema with a replica that is the
// same schema through a read-only role, as a standby refuses writes.
func openReplicated(t *testing.T) (*postgres.Store, string) {
	t.Helper()
	url := pgtest.URL(t)
	open(t, url).Close() // the schema's tables, for the role to be given
	replica := pgtest.ReadOnlyRole(t, url)
	st, err := postgres.OpenReplicated(context.Background(), url, replica)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st, url
}

// uses counts what a pool lends, so that a test sees which pool a read
// went to.
func uses(p *pgxpool.Pool) int64 { return p.Stat().AcquireCount() }

// where runs read and says which pool answered it: "primary" or
// "replica", or "transaction" when neither lent a connection (fails the
// test when both did).
func where(t *testing.T, st *postgres.Store, read func() error) string {
	t.Helper()
	primary, replica := uses(st.Pool()), uses(st.ReplicaPool())
	if err := read(); err != nil {
		t.Fatal(err)
	}
	dp, dr := uses(st.Pool())-primary, uses(st.ReplicaPool())-replica
	switch {
	case dp > 0 && dr == 0:
		return "primary"
	case dr > 0 && dp == 0:
		return "replica"
	case dr == 0 && dp == 0:
		return "transaction"
	}
	t.Fatalf("the read took %d connections of the primary and %d of the replica", dp, dr)
	return ""
}

func TestAReadersReadsGoToTheReplicaAndTheRestToThePrimary(t *testing.T) {
	st, _ := openReplicated(t)
	ctx := context.Background()
	public := store.Replica(ctx)
	u := content.User{Email: "ana@example.com", Name: "Ana Reyes", Role: content.RoleEditor}
	if err := st.CreateUser(public, &u); err != nil { // a write under the mark: the primary, or it fails
		t.Fatalf("a write under a reader's context: %v", err)
	}
	read := func(ctx context.Context) func() error {
		return func() error {
			got, err := st.UserByID(ctx, u.ID)
			if err == nil && got.Email != u.Email {
				err = errors.New("another member: " + got.Email)
			}
			return err
		}
	}
	// The role is no standby (pg_last_wal_replay_lsn is NULL): it is
	// taken as current at once.
	if got := where(t, st, read(public)); got != "replica" {
		t.Errorf("a reader's read went to the %s", got)
	}
	if got := where(t, st, read(ctx)); got != "primary" {
		t.Errorf("an unmarked read went to the %s", got)
	}
	if got := where(t, st, read(store.Primary(public))); got != "primary" {
		t.Errorf("a read marked back for the primary went to the %s", got)
	}
	// In a transaction every read is the transaction's, on the primary.
	err := st.InTransaction(public, func(ctx context.Context) error {
		if got := where(t, st, read(ctx)); got != "transaction" {
			t.Errorf("a read in a transaction went to the %s", got)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Ready(ctx); err != nil {
		t.Errorf("not ready with a replica: %v", err)
	}
}

// A standby that has not replayed a write yet does not answer readers:
// a page rendered from it would be kept by the page cache that the write
// has just purged.
func TestAReplicaBehindTheWritesThisNodeKnowsOfIsNotRead(t *testing.T) {
	st, url := openReplicated(t)
	ctx := context.Background()
	public := store.Replica(ctx)
	var replayed atomic.Int64
	st.ReplayAs(replayed.Load)
	replayed.Store(st.ReplicaNeeds()) // caught up with what was written before the store opened
	settings := func() error { _, err := st.Settings(public); return err }
	if got := where(t, st, settings); got != "replica" {
		t.Fatalf("a reader's read on a replica that is up to date went to the %s", got)
	}

	// This node's own write.
	before := st.ReplicaNeeds()
	if err := st.SaveSettings(ctx, content.DefaultSettings()); err != nil {
		t.Fatal(err)
	}
	if st.ReplicaNeeds() <= before {
		t.Fatalf("after a write the replica needs %d, as before", st.ReplicaNeeds())
	}
	if got := where(t, st, settings); got != "primary" {
		t.Errorf("a reader's read just after a write the replica has not replayed went to the %s", got)
	}
	replayed.Store(st.ReplicaNeeds() - 1)
	if got := where(t, st, settings); got != "primary" {
		t.Errorf("a reader's read on a replica a byte behind went to the %s", got)
	}
	replayed.Store(st.ReplicaNeeds())
	if got := where(t, st, settings); got != "replica" {
		t.Errorf("a reader's read once the replica caught up went to the %s", got)
	}

	// Another node's write, learnt from the change log before its purge.
	other := open(t, url)
	if err := other.AppendChanges(ctx, "node-b", time.Now(), []changes.Event{{Kind: "article", Action: "updated", IDs: []int64{7}}}); err != nil {
		t.Fatal(err)
	}
	before = st.ReplicaNeeds()
	last, err := st.LastChange(ctx)
	if err != nil {
		t.Fatal(err)
	}
	list, err := st.ChangesSince(ctx, last-1, 10)
	if err != nil || len(list) != 1 || list[0].Origin != "node-b" {
		t.Fatalf("the change log: %+v, %v", list, err)
	}
	if st.ReplicaNeeds() <= before {
		t.Fatalf("after reading another node's change the replica needs %d, as before", st.ReplicaNeeds())
	}
	if got := where(t, st, settings); got != "primary" {
		t.Errorf("a reader's read before the replica has another node's write went to the %s", got)
	}
}

// Nothing the store writes goes to the replica, marked or not: the
// replica's role would refuse it.
func TestTheReplicaRefusesWritesAndTheStoreNeverSendsThem(t *testing.T) {
	st, url := openReplicated(t)
	ctx := context.Background()
	direct, err := pgxpool.New(ctx, pgtest.ReadOnlyRole(t, url))
	if err != nil {
		t.Fatal(err)
	}
	defer direct.Close()
	_, err = direct.Exec(ctx, `INSERT INTO settings (key, value) VALUES ('x', 'y')`)
	if err == nil || !strings.Contains(err.Error(), "read-only transaction") {
		t.Fatalf("a write on the read-only role: %v, want it refused", err)
	}
	for _, c := range []context.Context{ctx, store.Replica(ctx)} {
		set := content.DefaultSettings()
		set.SiteName = "The River Post"
		if err := st.SaveSettings(c, set); err != nil {
			t.Errorf("a write with a replica: %v", err)
		}
	}
}

// The pools are DefaultPoolSize connections unless the URL's
// pool_max_conns says otherwise, the primary's and the replica's each by
// its own URL.
func TestPoolsAreSizedByDefaultOrByTheURL(t *testing.T) {
	def := int32(max(8, 4*runtime.GOMAXPROCS(0)))
	if got := postgres.DefaultPoolSize(); got != def {
		t.Errorf("DefaultPoolSize() = %d, want 4 × GOMAXPROCS and at least 8: %d", got, def)
	}
	url := pgtest.URL(t)
	open(t, url).Close()
	replica := pgtest.ReadOnlyRole(t, url)
	cases := []struct {
		name                 string
		primary, replica     string
		wantPrimary, wantRep int32
	}{
		{"neither URL names a size", url, replica, def, def},
		{"each URL names its own", url + "&pool_max_conns=3", replica + "&pool_max_conns=2", 3, 2},
		{"only the replica's names one", url, replica + "&pool_max_conns=17", def, 17},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			st, err := postgres.OpenReplicated(context.Background(), tc.primary, tc.replica)
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			if got := st.Pool().Config().MaxConns; got != tc.wantPrimary {
				t.Errorf("primary's pool: %d connections, want %d", got, tc.wantPrimary)
			}
			if got := st.ReplicaPool().Config().MaxConns; got != tc.wantRep {
				t.Errorf("replica's pool: %d connections, want %d", got, tc.wantRep)
			}
			if got := st.PoolStat().MaxOpenConnections; got != int(tc.wantPrimary) {
				t.Errorf("/metrics would say %d connections, want %d", got, tc.wantPrimary)
			}
		})
	}
}
