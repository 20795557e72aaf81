//go:build !unix

package sqlite

// writable cannot ask the system here; an I/O error stays an I/O error.
func writable(path string) error { return nil }
