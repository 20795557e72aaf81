package postgres

// OnQuery makes every read query the store runs go to f first, for the
// query-plan test.
func (s *Store) OnQuery(f func(query string, args []any)) { s.onQuery = f }

// FreeSlugQuery is the search for a free slug, for the query-plan test.
const FreeSlugQuery = freeSlugQuery
