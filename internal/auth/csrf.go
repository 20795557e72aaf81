package auth

import "net/http"

// CrossSiteRefused is the whole answer to a form sent from another site.
const CrossSiteRefused = "This form was sent from another site and has been refused. Please go back, reload the page and try again."

// CSRF refuses unsafe requests (POST, PUT, PATCH, DELETE) that a browser
// sends on behalf of another site, with 403 Forbidden. It relies on
// net/http's CrossOriginProtection: browsers say where a request comes from
// in Sec-Fetch-Site, or failing that Origin, and neither can be forged by a
// page. GET, HEAD and OPTIONS always pass, so they must change nothing.
// Requests with neither header (curl, API clients with a bearer token) pass
// too: they carry no cookie a site could abuse.
func CSRF(h http.Handler) http.Handler {
	p := http.NewCrossOriginProtection()
	p.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Header().Set("X-Content-Type-Options", "nosniff")
		w.WriteHeader(http.StatusForbidden)
		w.Write([]byte(CrossSiteRefused + "\n"))
	}))
	return p.Handler(h)
}
