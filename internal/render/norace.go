//go:build !race

package render

// raceSlowdown is 1 in a normal build: see race.go.
const raceSlowdown = 1
