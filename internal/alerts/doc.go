// Package alerts is about breaking-news alerts: the one-line alerts and
// the articles marked as breaking that every public page shows at the top
// of its header until they expire. Editors put them up and take them down
// (Service); Expiry announces each expiry on the change feed, so that
// cached pages, the static mirror and a CDN drop the alert at its time.
package alerts
