//go:build race

package render

// raceSlowdown stretches the render budget in a build with the race
// detector, which runs code five to ten times slower: such a build is only
// ever a test run, where the budget must still stop a runaway render but
// not refuse the worst Markdown at the size limit, which a normal build
// lays out in a small part of the budget (TestPathologicalMarkdown... in
// internal/admin was refused on a loaded two-core CI machine).
const raceSlowdown = 10
