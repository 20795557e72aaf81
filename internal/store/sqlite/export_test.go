package sqlite

import "context"

// OpenAt opens the database at path migrated no further than migration
// last, for the tests of a migration.
func OpenAt(ctx context.Context, path string, last int) (*Store, error) { return open(ctx, path, last) }
