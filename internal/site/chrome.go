package site

import (
	"html/template"
	"strings"
)

// The masthead and the footer are the same on nearly every page: made
// once from the same inputs, they are kept as HTML in the memo until the
// next event of the change feed, like the blocks beside a story. They
// were a third of the template work of an uncached article page, each
// value passing through the escapers by reflection on every request.

// chromeKey names one kept masthead or footer by everything it shows that
// is not the site's settings and sections, which change only with an
// event (and an event forgets every kept one).
type chromeKey struct {
	part      string // "masthead" or "footer"
	section   string // the section marked in the navigation
	home      bool
	today     string
	weather   Weather
	alerts    string // the alerts up, as the masthead prints them
	copyright string // the footer's line, with the year when it is made up
}

// fillChrome sets l's SharedHead, Masthead and Footer, from the memo when the same
// ones were made since the event its site data was read after, and its
// SocialMeta and StructuredData.
func (s *Site) fillChrome(page string, l *layout) error {
	mk := chromeKey{part: "masthead", home: l.IsHome, today: l.Today, alerts: alertsKey(l.Alerts)}
	for _, n := range l.Nav {
		if n.Current {
			mk.section = n.Path
		}
	}
	if l.Weather != nil {
		mk.weather = *l.Weather
	}
	l.SocialMeta = l.socialMeta()
	var err error
	if l.StructuredData, err = structuredData(l.JSONLD); err != nil {
		return err
	}
	if l.SharedHead, err = s.chrome(page, chromeKey{part: "head-shared"}, l); err != nil {
		return err
	}
	if l.Masthead, err = s.chrome(page, mk, l); err != nil {
		return err
	}
	l.Footer, err = s.chrome(page, chromeKey{part: "footer", copyright: l.Copyright}, l)
	return err
}

func (s *Site) chrome(page string, k chromeKey, l *layout) (template.HTML, error) {
	return rememberedSince(&s.memo, l.gen, k, func() (template.HTML, error) {
		return s.pages.Fragment(page, k.part, l)
	})
}

func alertsKey(alerts []alertView) string {
	if len(alerts) == 0 {
		return ""
	}
	var b strings.Builder
	for _, a := range alerts {
		b.WriteString(a.Text)
		b.WriteByte(0)
		b.WriteString(a.URL)
		b.WriteByte(0)
	}
	return b.String()
}
