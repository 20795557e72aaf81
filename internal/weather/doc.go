// Package weather keeps the current temperature and conditions for the
// site's location, for the header of every public page.
//
// A [Provider] answers one question, the weather now at a [Location];
// [OpenMeteo] is the first. A [Fetcher] asks its provider in the background,
// keeps the last good [Reading] and turns it into a [Display] that page code
// can read on every render without waiting for the network.
package weather
