//go:build race

package admin_test

// bigLibrary under the race detector: its instrumented SQLite (pure Go)
// writes a picture and its trigram index in 15 ms instead of 0.1 ms, so
// fifty thousand would take 13 minutes. The test is the same and still
// pages past the first page of a library 25 pages long; CI's stage on
// PostgreSQL, without -race, and a plain go test seed fifty thousand.
const bigLibrary = 600
