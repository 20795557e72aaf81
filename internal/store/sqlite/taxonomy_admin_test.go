package sqlite_test

import (
	"testing"

	"dateline/internal/store/storetest"
)

func TestAdminConformance(t *testing.T) {
	storetest.RunAdmin(t, func(t *testing.T) storetest.AdminStore { return open(t) })
}
