package wordpress

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"path"
	"strings"
	"syscall"
	"time"

	"dateline/internal/content"
	"dateline/internal/media"
	"dateline/internal/store"
)

// FetchOptions bound the download of an export's pictures. An export file
// is untrusted input: its attachment addresses may point anywhere, so by
// default a picture is fetched only from a public address, checked when
// each connection is made (after DNS, for every redirect), only as an
// image, within a time and a size.
type FetchOptions struct {
	// AllowPrivate lets addresses on this machine or its networks through
	// (loopback, private, link-local, the cloud metadata address): for a
	// WordPress that runs beside dateline, and for tests.
	AllowPrivate bool
	// Timeout bounds one picture, from the connection to the last byte;
	// 30 seconds when zero.
	Timeout time.Duration
	// MaxBytes bounds one picture's file; the media library's limit when
	// zero.
	MaxBytes int64
}

// ErrPrivateAddress refuses a picture whose address is not public.
var ErrPrivateAddress = errors.New("the address is on this machine or a private network")

// blocked are the ranges a fetch refuses besides what netip tells
// (loopback, private, link-local, multicast, unspecified): shared address
// space (carrier NAT), "this network", IETF protocol assignments,
// benchmarking, reserved and the broadcast address; NAT64 addresses are
// judged by the IPv4 address they carry.
var blocked = []netip.Prefix{
	netip.MustParsePrefix("0.0.0.0/8"),
	netip.MustParsePrefix("100.64.0.0/10"),
	netip.MustParsePrefix("192.0.0.0/24"),
	netip.MustParsePrefix("198.18.0.0/15"),
	netip.MustParsePrefix("240.0.0.0/4"),
}

var nat64 = netip.MustParsePrefix("64:ff9b::/96")

// publicAddr reports whether ip is an address on the public internet.
func publicAddr(ip netip.Addr) bool {
	ip = ip.Unmap()
	if nat64.Contains(ip) {
		b := ip.As16()
		ip = netip.AddrFrom4([4]byte{b[12], b[13], b[14], b[15]})
	}
	if !ip.IsValid() || ip.IsLoopback() || ip.IsPrivate() || ip.IsLinkLocalUnicast() || ip.IsLinkLocalMulticast() ||
		ip.IsInterfaceLocalMulticast() || ip.IsMulticast() || ip.IsUnspecified() {
		return false
	}
	for _, p := range blocked {
		if p.Contains(ip) {
			return false
		}
	}
	return true
}

// dialControl refuses a connection to an address that allowed refuses.
// It runs when the connection is made, after the name was resolved, so
// no name that resolves to a private address (now or on a second lookup)
// and no redirect to one gets through.
func dialControl(allowed func(netip.AddrPort) bool) func(network, address string, _ syscall.RawConn) error {
	return func(network, address string, _ syscall.RawConn) error {
		ap, err := netip.ParseAddrPort(address)
		if err != nil {
			return fmt.Errorf("%s: %w", address, err)
		}
		if !allowed(ap) {
			return fmt.Errorf("%s: %w", ap.Addr(), ErrPrivateAddress)
		}
		return nil
	}
}

// publicAddrPort is the check of every connection a fetch makes unless
// private addresses are allowed.
func publicAddrPort(ap netip.AddrPort) bool { return publicAddr(ap.Addr()) }

// maxRedirects bounds the redirects of one picture.
const maxRedirects = 5

// newFetchClient is the HTTP client of picture downloads: no proxy (it
// would make every address the proxy's), addresses checked at each
// connection unless private ones are allowed, few redirects and only to
// http and https.
func newFetchClient(o FetchOptions) *http.Client {
	allowed := publicAddrPort
	if o.AllowPrivate {
		allowed = nil
	}
	return guardedClient(o, allowed)
}

// guardedClient is newFetchClient with the check of each connection's
// address; nil lets every address through.
func guardedClient(o FetchOptions, allowed func(netip.AddrPort) bool) *http.Client {
	dialer := &net.Dialer{Timeout: 10 * time.Second}
	if allowed != nil {
		dialer.Control = dialControl(allowed)
	}
	transport := &http.Transport{
		Proxy:                 nil,
		DialContext:           dialer.DialContext,
		TLSHandshakeTimeout:   10 * time.Second,
		ResponseHeaderTimeout: o.Timeout,
		MaxIdleConnsPerHost:   4,
		IdleConnTimeout:       30 * time.Second,
	}
	return &http.Client{Transport: transport, Timeout: o.Timeout,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) >= maxRedirects {
				return fmt.Errorf("more than %d redirects", maxRedirects)
			}
			if req.URL.Scheme != "http" && req.URL.Scheme != "https" {
				return fmt.Errorf("a redirect to %s: addresses", req.URL.Scheme)
			}
			return nil
		}}
}

// picture is an attachment fetched into the media library.
type picture struct {
	media int64
	url   string // the copy's address on this site
}

// pictures are the export's attachments: the Library bodies are
// converted with, and with Options.FetchMedia the copies made of them.
type pictures struct {
	lib    Library
	byID   map[int64]picture
	byURL  map[string]string // urlKey of an attachment's file → the copy's address
	links  []store.LegacyLink
	client *http.Client
	// pages are the export's attachments, whose old addresses (their
	// pages, their files) are linked once every post is written
	// (linkAttachments).
	pages []attachmentPage
}

// attachmentPage is what the links of an attachment's addresses need.
type attachmentPage struct {
	id     int64
	parent int64  // the WordPress post it was attached to, 0 for none
	page   string // its page's address (the item's link)
	file   string // its file's address
	guid   string
}

// attachment keeps an attachment of the export, and with FetchMedia
// fetches it into the media library unless an earlier import did.
func (im *Importer) attachment(ctx context.Context, it *Item) error {
	p := &im.pictures
	count := im.sum.Counts[CountAttachments]
	if !p.lib.Add(it) {
		count.Skipped++ // no id: nothing can name it
		return nil
	}
	raw, _ := p.lib.Attachment(it.ID)
	p.pages = append(p.pages, attachmentPage{id: it.ID, parent: it.Parent, page: it.Link, file: raw.URL, guid: it.GUID})
	if !im.opt.FetchMedia {
		count.Skipped++
		return nil
	}
	src, err := im.absolute(raw.URL)
	if err != nil {
		count.Skipped++
		im.sum.warnf(it.ID, WarnMedia, "its address %q cannot be fetched: %v", raw.URL, err)
		return nil
	}
	links, err := im.links(ctx, store.LegacyAttachment, []int64{it.ID}, nil)
	if err != nil {
		return err
	}
	if l, ok := links.byID[it.ID]; ok && l.ID != 0 {
		if img, err := im.svc.Store.ImageByID(ctx, l.ID); err == nil {
			im.keepPicture(it.ID, src, img)
			count.Unchanged++
			return nil
		}
	}
	if im.opt.DryRun {
		count.Created++
		return nil
	}
	img, err := im.fetch(ctx, it, src)
	if err != nil {
		count.Skipped++
		im.sum.warnf(it.ID, WarnMedia, "the picture %s was not fetched: %v", src, err)
		return nil
	}
	count.Created++
	im.keepPicture(it.ID, src, img)
	p.links = append(p.links, im.link(store.LegacyAttachment, it.ID, img.ID, src, it.GUID, ""))
	if len(p.links) >= 100 {
		return p.flushLinks(ctx, im)
	}
	return nil
}

func (im *Importer) keepPicture(id int64, src string, img content.Image) {
	pic := picture{media: img.ID, url: img.URL()}
	im.pictures.byID[id] = pic
	im.pictures.byURL[urlKey(src)] = pic.url
	im.pictures.lib.SetURL(id, pic.url)
}

// flushLinks saves the links of the pictures fetched so far.
func (p *pictures) flushLinks(ctx context.Context, im *Importer) error {
	links := p.links
	p.links = nil
	return im.saveLinks(ctx, links)
}

// absolute is an attachment's address made absolute against the site's,
// when it is http or https.
func (im *Importer) absolute(raw string) (string, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return "", err
	}
	if !u.IsAbs() {
		base, err := url.Parse(im.source + "/")
		if err != nil || base.Host == "" {
			return "", errors.New("a relative address, and the site's own is unknown")
		}
		u = base.ResolveReference(u)
	}
	if u.Scheme != "http" && u.Scheme != "https" || u.Host == "" {
		return "", errors.New("only http and https addresses are fetched")
	}
	return u.String(), nil
}

// fetch downloads one picture and gives it to the media service.
func (im *Importer) fetch(ctx context.Context, it *Item, src string) (content.Image, error) {
	p := &im.pictures
	if p.client == nil {
		p.client = newFetchClient(im.fetchOptions())
	}
	o := im.fetchOptions()
	ctx, cancel := context.WithTimeout(ctx, o.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, src, nil)
	if err != nil {
		return content.Image{}, err
	}
	req.Header.Set("Accept", "image/jpeg, image/png, image/webp, image/gif")
	req.Header.Set("User-Agent", "dateline-import")
	resp, err := p.client.Do(req)
	if err != nil {
		if errors.Is(err, ErrPrivateAddress) {
			return content.Image{}, fmt.Errorf("%w (--allow-private-media lets it through)", ErrPrivateAddress)
		}
		return content.Image{}, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return content.Image{}, fmt.Errorf("the server answered %s", resp.Status)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "" {
		mt, _, _ := mime.ParseMediaType(ct)
		if !strings.HasPrefix(mt, "image/") || mt == "image/svg+xml" {
			return content.Image{}, fmt.Errorf("it is %s, not a picture", mt)
		}
	}
	if resp.ContentLength > o.MaxBytes {
		return content.Image{}, fmt.Errorf("it is larger than %d bytes", o.MaxBytes)
	}
	// Read whole within the limit before the media service sees it: a
	// file cut at the limit is refused here, not stored half.
	data, err := io.ReadAll(io.LimitReader(resp.Body, o.MaxBytes+1))
	if err != nil {
		return content.Image{}, fmt.Errorf("the download broke off: %w", err)
	}
	if int64(len(data)) > o.MaxBytes {
		return content.Image{}, fmt.Errorf("it is larger than %d bytes", o.MaxBytes)
	}
	raw, _ := p.lib.Attachment(it.ID)
	name := path.Base(it.AttachedFile())
	if name == "." || name == "/" {
		name = path.Base(src)
	}
	alt := strings.TrimSpace(raw.Alt)
	if alt == "" {
		alt = strings.TrimSpace(it.Title)
	}
	if alt == "" {
		alt = strings.TrimSuffix(name, path.Ext(name))
	}
	up := media.Upload{Filename: name, Alt: clipRunes(alt, media.MaxAlt), Caption: clipRunes(plainExcerpt(raw.Caption), media.MaxCaption)}
	img, err := im.svc.Media.Save(ctx, up, bytes.NewReader(data))
	if err != nil {
		return content.Image{}, err
	}
	return img, nil
}

func (im *Importer) fetchOptions() FetchOptions {
	o := im.opt.Fetch
	if o.Timeout <= 0 {
		o.Timeout = 30 * time.Second
	}
	if o.MaxBytes <= 0 {
		o.MaxBytes = im.svc.Media.Limits().MaxBytes
	}
	return o
}

// urlKey is what identifies an uploaded file whatever size WordPress
// showed it at: host and path without the "-300x200" or "-scaled" that
// WordPress adds to the names of its resized copies.
func urlKey(raw string) string {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return ""
	}
	p := u.Path
	ext := path.Ext(p)
	stem := strings.TrimSuffix(p, ext)
	stem = strings.TrimSuffix(stem, "-scaled")
	if i := strings.LastIndexByte(stem, '-'); i >= 0 {
		if w, h, ok := strings.Cut(stem[i+1:], "x"); ok && digits(w) && digits(h) {
			stem = stem[:i]
		}
	}
	return strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.") + stem + strings.ToLower(ext)
}

func digits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// rewrite points the src and href attributes of html that name a fetched
// picture (at any of WordPress's sizes) at its copy; without fetched
// pictures it leaves html as it is. Each search resumes where it stopped,
// so the work is linear in the length of html.
func (p *pictures) rewrite(html string) string {
	if len(p.byURL) == 0 {
		return html
	}
	pats := [...]string{`src="`, `href="`, `src='`, `href='`}
	var next [len(pats)]int // where each pattern is next found, -1 for nowhere
	for i, pat := range pats {
		next[i] = indexFrom(html, pat, 0)
	}
	var b strings.Builder
	pos := 0
	for {
		k := -1
		for i := range next {
			if next[i] >= 0 && (k < 0 || next[i] < next[k]) {
				k = i
			}
		}
		if k < 0 {
			break
		}
		start := next[k] + len(pats[k])
		end := strings.IndexByte(html[start:], html[start-1])
		if end < 0 {
			break
		}
		value := html[start : start+end]
		b.WriteString(html[pos:start])
		if to, ok := p.byURL[urlKey(value)]; ok {
			b.WriteString(to)
		} else {
			b.WriteString(value)
		}
		pos = start + end
		for i, pat := range pats {
			if next[i] >= 0 && next[i] < pos {
				next[i] = indexFrom(html, pat, pos)
			}
		}
	}
	b.WriteString(html[pos:])
	return b.String()
}

// indexFrom is the index of sub in s at or after from, or -1.
func indexFrom(s, sub string, from int) int {
	i := strings.Index(s[from:], sub)
	if i < 0 {
		return -1
	}
	return from + i
}
