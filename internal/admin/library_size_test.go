//go:build !race

package admin_test

// bigLibrary is the size of the library the picture picker's tests page
// and search: fifty thousand pictures, about 5 s to seed on SQLite and on
// PostgreSQL. (Under the race detector see library_size_race_test.go.)
const bigLibrary = 50_000
