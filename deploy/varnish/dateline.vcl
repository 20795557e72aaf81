#
# Varnish in front of dateline, purged by tag: dateline serve --purge
# varnish://127.0.0.1:6081 sends PURGE requests naming the keys of every
# change, and this VCL removes exactly the objects carrying one of them.
# Needs Varnish 6 or later and the xkey vmod (Debian: apt-get install
# varnish varnish-modules). docs/cdn.md tells how to run it.
#
vcl 4.1;

import xkey;

# dateline's listener (--addr). The repository's test replaces this port
# with its own server's.
backend dateline {
    .host = "127.0.0.1";
    .port = "8080";
    .connect_timeout = 2s;
    .first_byte_timeout = 30s;
    .between_bytes_timeout = 10s;
}

# Who may purge: the machine Varnish and dateline share. Add the addresses
# of dateline's other servers when they run elsewhere.
acl purgers {
    "localhost";
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(403, "Forbidden"));
        }
        if (!req.http.xkey-purge) {
            return (synth(400, "PURGE needs an xkey-purge header naming the keys"));
        }
        # A hard purge, like dateline's own cache: the next request gets
        # the new page, never the old one in grace.
        set req.http.n-gone = xkey.purge(req.http.xkey-purge);
        return (synth(200, "Invalidated " + req.http.n-gone + " objects"));
    }
    if (req.method == "BAN") {
        # Everything: dateline asks for it when it cannot tell what
        # changed (a server that fell behind the change log).
        if (client.ip !~ purgers) {
            return (synth(403, "Forbidden"));
        }
        ban("obj.status != 0");
        return (synth(200, "Banned every object"));
    }
    # The newsroom and the API answer each person for themselves.
    if (req.url ~ "^/(admin|api)(/|$)") {
        return (pass);
    }
    # Everything else follows the built-in rules: GET and HEAD are looked
    # up, keyed by host and URL; a request with a cookie or credentials
    # goes to dateline, whose own cache answers what may be shared.
    # Accept-Encoding needs no work here: Varnish asks dateline for gzip,
    # keeps that, and unzips for a client that does not take it.
}

sub vcl_backend_response {
    # xkey indexes an object by its xkey header; dateline names the same
    # keys in Surrogate-Key (space-separated, as xkey reads them), which
    # it keeps for Fastly.
    if (beresp.http.Surrogate-Key) {
        set beresp.http.xkey = beresp.http.Surrogate-Key;
    }
    # Keep only what dateline says may be shared. An answer without
    # Cache-Control (a redirect, say) would otherwise be kept for
    # default_ttl, past the publish that changes it, with no key to purge
    # it by.
    if (beresp.http.Cache-Control !~ "(?i)\bpublic\b") {
        set beresp.uncacheable = true;
        set beresp.ttl = 120s;
        return (deliver);
    }
}

sub vcl_synth {
    # The answer to a purge is for a program: one line of text.
    if (req.method == "PURGE" || req.method == "BAN") {
        set resp.http.Content-Type = "text/plain; charset=utf-8";
        set resp.body = resp.reason + {"
"};
        return (deliver);
    }
}

sub vcl_deliver {
    # The keys are for the caches in front, not for readers.
    unset resp.http.xkey;
    unset resp.http.Surrogate-Key;
    unset resp.http.Cache-Tag;
}
