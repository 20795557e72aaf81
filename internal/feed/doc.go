// Package feed writes what machines read about the site: RSS 2.0, Atom and
// JSON Feed documents for the site and its archives, sitemaps and the Google
// News sitemap, and robots.txt. Every function is pure: it takes content
// already chosen by the caller and returns the bytes to serve, so the public
// site can cache them like any page.
package feed
