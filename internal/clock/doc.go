// Package clock is the time that code depending on "now" keeps: what time
// it is, and a channel that receives once a duration has passed. Servers
// run on [Real]; tests run on a [Fake] that they move by hand, so that
// "published at its time" or "announced at midnight" needs no waiting.
package clock
