package mail

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"mime"
	"mime/quotedprintable"
	netmail "net/mail"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Message is a plain-text mail. Headers adds header fields (for example
// List-Unsubscribe); the standard ones (From, To, Subject, Date,
// Message-ID and the MIME fields) are written by the sender and cannot be
// overridden.
type Message struct {
	To      []string
	Subject string
	Text    string
	Headers map[string]string
}

// reserved are the header fields a Message may not set itself.
var reserved = map[string]bool{
	"From": true, "To": true, "Cc": true, "Bcc": true, "Subject": true, "Date": true, "Message-Id": true,
	"Mime-Version": true, "Content-Type": true, "Content-Transfer-Encoding": true, "Sender": true,
}

// Validate reports what makes m unsendable: no recipient, an address that
// does not parse, a line break in the subject or a header, a header name
// that is not a token or is written by the sender.
func (m Message) Validate() error {
	if len(m.To) == 0 {
		return errors.New("mail has no recipient")
	}
	for _, to := range m.To {
		if _, err := parseAddress(to); err != nil {
			return err
		}
	}
	if strings.ContainsAny(m.Subject, "\r\n") || !utf8.ValidString(m.Subject) {
		return errors.New("mail subject has a line break or invalid text")
	}
	for k, v := range m.Headers {
		if !headerName(k) || reserved[canonical(k)] {
			return fmt.Errorf("mail header %q may not be set", k)
		}
		if strings.ContainsAny(v, "\r\n") || !utf8.ValidString(v) {
			return fmt.Errorf("mail header %s has a line break or invalid text", k)
		}
	}
	return nil
}

// parseAddress accepts one address, bare or with a display name.
func parseAddress(s string) (*netmail.Address, error) {
	a, err := netmail.ParseAddress(s)
	if err != nil {
		return nil, fmt.Errorf("mail address %q: %w", s, err)
	}
	return a, nil
}

func headerName(k string) bool {
	if k == "" {
		return false
	}
	for _, r := range k {
		if r <= ' ' || r >= 0x7f || r == ':' {
			return false
		}
	}
	return true
}

func canonical(k string) string {
	parts := strings.Split(strings.ToLower(k), "-")
	for i, p := range parts {
		if p != "" {
			parts[i] = strings.ToUpper(p[:1]) + p[1:]
		}
	}
	return strings.Join(parts, "-")
}

// encode writes m as an RFC 5322 message in UTF-8 quoted-printable, with
// CRLF line endings, and returns it with the bare recipient addresses.
func (m Message) encode(from string, date time.Time) (raw []byte, rcpts []string, err error) {
	if err := m.Validate(); err != nil {
		return nil, nil, err
	}
	sender, err := parseAddress(from)
	if err != nil {
		return nil, nil, err
	}
	var to []string
	for _, s := range m.To {
		a, _ := parseAddress(s) // checked by Validate
		to = append(to, a.String())
		rcpts = append(rcpts, a.Address)
	}
	var b bytes.Buffer
	header := func(k, v string) { b.WriteString(fold(k+": "+v) + "\r\n") }
	header("From", sender.String())
	header("To", strings.Join(to, ", "))
	header("Subject", mime.QEncoding.Encode("utf-8", m.Subject))
	header("Date", date.Format(time.RFC1123Z))
	header("Message-ID", messageID(sender.Address))
	header("MIME-Version", "1.0")
	header("Content-Type", "text/plain; charset=utf-8")
	header("Content-Transfer-Encoding", "quoted-printable")
	keys := make([]string, 0, len(m.Headers))
	for k := range m.Headers {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		header(canonical(k), mime.QEncoding.Encode("utf-8", m.Headers[k]))
	}
	b.WriteString("\r\n")
	qp := quotedprintable.NewWriter(&b)
	text := strings.ReplaceAll(m.Text, "\r\n", "\n")
	if !strings.HasSuffix(text, "\n") {
		text += "\n"
	}
	if _, err := qp.Write([]byte(text)); err != nil {
		return nil, nil, err
	}
	if err := qp.Close(); err != nil {
		return nil, nil, err
	}
	return b.Bytes(), rcpts, nil
}

// messageID makes a unique Message-ID in the sender's domain.
func messageID(from string) string {
	domain := "localhost"
	if i := strings.LastIndexByte(from, '@'); i >= 0 {
		domain = from[i+1:]
	}
	var r [12]byte
	rand.Read(r[:])
	return "<" + hex.EncodeToString(r[:]) + "@" + domain + ">"
}

// fold breaks a header line at spaces so that its lines stay within 78
// characters where it can (RFC 5322 2.2.3); between encoded words, as
// between plain words, the break reads back as the space it replaced.
func fold(line string) string {
	if len(line) <= 78 {
		return line
	}
	var b strings.Builder
	width := 0
	for i, word := range strings.Split(line, " ") {
		switch {
		case i == 0:
		case width+1+len(word) > 78:
			b.WriteString("\r\n")
			width = 0
			fallthrough
		default:
			b.WriteByte(' ')
			width++
		}
		b.WriteString(word)
		width += len(word)
	}
	return b.String()
}
