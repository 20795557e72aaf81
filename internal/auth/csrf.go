package auth

import "net/http"

// CrossSiteRefused is the whole answer to a form sent from another site.
const CrossSiteRefused = "This form was sent from another site and has been refused. Please go back, reload the page and try again."

// NoOriginRefused is the whole answer to a state change that does not say
// where it comes from: no browser sends one, so it is a program, which
// should use the API with a token.
const NoOriginRefused = "This request did not say which site it comes from and has been refused. Please go back, reload the page and try again; programs should use the API with a token."

// CSRF refuses unsafe requests (anything but GET, HEAD and OPTIONS, which
// must therefore change nothing) that a browser sends on behalf of another
// site, with 403 Forbidden. It relies on net/http's CrossOriginProtection:
// browsers say where a request comes from in Sec-Fetch-Site, or failing
// that Origin, and neither can be forged by a page.
//
// An unsafe request with neither header is refused too: every browser in
// use sends one of them with a form, so a request without both is not a
// browser's form, and passing it would leave the check to whatever strips
// them (an old or broken client, a privacy filter, a proxy). The exception
// is a request with a bearer token (the API's clients), which carries no
// cookie a site could abuse and which a page cannot make a browser send.
func CSRF(h http.Handler) http.Handler {
	p := http.NewCrossOriginProtection()
	p.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		refuse(w, CrossSiteRefused)
	}))
	checked := p.Handler(h)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !safeMethod(r.Method) && r.Header.Get("Sec-Fetch-Site") == "" && r.Header.Get("Origin") == "" && BearerToken(r) == "" {
			refuse(w, NoOriginRefused)
			return
		}
		checked.ServeHTTP(w, r)
	})
}

// safeMethod reports whether method changes nothing, as
// CrossOriginProtection counts them.
func safeMethod(method string) bool {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodOptions:
		return true
	}
	return false
}

func refuse(w http.ResponseWriter, msg string) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(http.StatusForbidden)
	w.Write([]byte(msg + "\n"))
}
