// Package purge tells a CDN or a front cache which of the pages it keeps
// have changed. A [Batcher] subscribes to the change feed, turns each
// event's tags into the purge keys that dateline's answers carry in their
// Surrogate-Key and Cache-Tag headers ([cache.SurrogateKey]), collects
// them for a short window (250 ms), and sends them in one batch through a
// [Purger]: a plain [Webhook], the [Cloudflare] or [Fastly] purge-by-tag
// API, or a [Varnish] with the xkey vmod (deploy/varnish/dateline.vcl).
//
// A purge never blocks a request nor the write that caused it: the feed's
// subscriber only adds keys to a bounded queue, and a goroutine the server
// owns sends them, retrying a failed request with exponential backoff.
//
// On several servers sharing one database each change is purged once, by
// the process that made it: the batcher skips events that carry an Origin
// (those learnt from the change log, which their own process purges).
// Every server still purges its own in-process cache by every event.
package purge
