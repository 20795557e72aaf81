// Package readership counts who reads what: page views, counted in memory
// and written to the store in batches, with robots left out and nothing
// kept about the reader. The dashboard's chart and the "Most read" lists
// are read from what it wrote.
package readership
