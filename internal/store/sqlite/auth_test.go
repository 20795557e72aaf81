package sqlite_test

import (
	"testing"

	"dateline/internal/store/storetest"
)

func TestAccountsConformance(t *testing.T) {
	storetest.RunAccounts(t, func(t *testing.T) storetest.AccountsStore { return open(t) })
}
