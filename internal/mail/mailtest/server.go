// Package mailtest runs a small SMTP server inside a test, so that the
// code that sends mail is tested against the protocol rather than against
// a fake of the mail library.
package mailtest

import (
	"bufio"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"io"
	"math/big"
	"mime/quotedprintable"
	"net"
	"net/textproto"
	"strings"
	"sync"
	"testing"
	"time"
)

// Server is a small SMTP server that runs inside a test: it speaks
// enough of the protocol (EHLO, STARTTLS, AUTH PLAIN, MAIL, RCPT, DATA,
// RSET, NOOP, QUIT) for net/smtp and records what it receives. It can be
// told to refuse with a temporary error, to reject a recipient, or to
// stall before greeting.
type Server struct {
	t    testing.TB
	ln   net.Listener
	Host string
	Port int

	// Set before the first connection.
	TLS        *tls.Config // offer STARTTLS
	User, Pass string      // offer AUTH PLAIN and require it

	mu         sync.Mutex
	received   []Received
	refuseNext int    // answer this many MAIL FROM with 451
	RejectRcpt string // answer RCPT TO this address with 550
	stall      chan struct{}
	stalled    bool          // stall is open
	Conns      chan struct{} // one value per accepted connection
	arrived    chan struct{} // one value per message received
	wg         sync.WaitGroup
	open       map[net.Conn]bool
}

type Received struct {
	From   string
	To     []string
	Data   string
	TLS    bool
	Authed string
}

func Start(t testing.TB, opts ...func(*Server)) *Server {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().(*net.TCPAddr)
	s := &Server{t: t, ln: ln, Host: "127.0.0.1", Port: addr.Port, Conns: make(chan struct{}, 100), arrived: make(chan struct{}, 100), open: map[net.Conn]bool{}}
	for _, o := range opts {
		o(s)
	}
	s.wg.Add(1)
	go s.serve()
	t.Cleanup(s.Close)
	return s
}

func (s *Server) Close() {
	s.ln.Close()
	s.Release()
	s.mu.Lock()
	for c := range s.open {
		c.Close()
	}
	s.mu.Unlock()
	s.wg.Wait()
}

func (s *Server) serve() {
	defer s.wg.Done()
	for {
		conn, err := s.ln.Accept()
		if err != nil {
			return
		}
		s.mu.Lock()
		s.open[conn] = true
		s.mu.Unlock()
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			defer func() {
				s.mu.Lock()
				delete(s.open, conn)
				s.mu.Unlock()
				conn.Close()
			}()
			s.Conns <- struct{}{}
			s.handle(conn)
		}()
	}
}

func (s *Server) Messages() []Received {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Received(nil), s.received...)
}

// WaitArrival waits for the next message to arrive.
func (s *Server) WaitArrival(what string) {
	s.t.Helper()
	select {
	case <-s.arrived:
	case <-time.After(10 * time.Second):
		s.t.Fatalf("%s: no message after 10s", what)
	}
}

func (s *Server) Refuse(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.refuseNext = n
}

// StallGreetings makes new connections wait, silent, until the returned
// function is called (or the test ends).
func (s *Server) StallGreetings() (release func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.stall, s.stalled = make(chan struct{}), true
	return s.Release
}

func (s *Server) Release() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.stalled {
		close(s.stall)
		s.stalled = false
	}
}

func (s *Server) handle(conn net.Conn) {
	s.mu.Lock()
	stall := s.stall
	s.mu.Unlock()
	if stall != nil {
		<-stall
	}
	tp := textproto.NewConn(conn)
	var (
		cur    Received
		authed string
		inTLS  bool
	)
	reply := func(lines ...string) {
		for _, l := range lines {
			tp.PrintfLine("%s", l)
		}
	}
	reply("220 test.example ESMTP ready")
	for {
		line, err := tp.ReadLine()
		if err != nil {
			return
		}
		verb, arg, _ := strings.Cut(line, " ")
		switch strings.ToUpper(verb) {
		case "EHLO":
			lines := []string{"250-test.example"}
			if s.TLS != nil && !inTLS {
				lines = append(lines, "250-STARTTLS")
			}
			if s.User != "" {
				lines = append(lines, "250-AUTH PLAIN")
			}
			reply(append(lines, "250 8BITMIME")...)
		case "HELO", "NOOP":
			reply("250 OK")
		case "STARTTLS":
			if s.TLS == nil || inTLS {
				reply("502 not offered")
				continue
			}
			reply("220 go ahead")
			tc := tls.Server(conn, s.TLS)
			if err := tc.Handshake(); err != nil {
				return
			}
			conn, inTLS, cur, authed = tc, true, Received{}, ""
			tp = textproto.NewConn(conn)
		case "AUTH":
			mech, resp, _ := strings.Cut(arg, " ")
			raw, _ := base64.StdEncoding.DecodeString(resp)
			parts := strings.Split(string(raw), "\x00")
			if strings.ToUpper(mech) == "PLAIN" && len(parts) == 3 && parts[1] == s.User && parts[2] == s.Pass {
				authed = parts[1]
				reply("235 welcome")
			} else {
				reply("535 bad credentials")
			}
		case "MAIL":
			s.mu.Lock()
			refuse := s.refuseNext > 0
			if refuse {
				s.refuseNext--
			}
			s.mu.Unlock()
			switch {
			case refuse:
				reply("451 4.3.0 try again later")
			case s.User != "" && authed == "":
				reply("530 authentication required")
			default:
				cur = Received{From: addrOf(arg), TLS: inTLS, Authed: authed}
				reply("250 OK")
			}
		case "RCPT":
			to := addrOf(arg)
			s.mu.Lock()
			reject := to == s.RejectRcpt
			s.mu.Unlock()
			if reject {
				reply("550 5.1.1 no such user")
				continue
			}
			cur.To = append(cur.To, to)
			reply("250 OK")
		case "DATA":
			reply("354 end with .")
			data, err := tp.ReadDotBytes()
			if err != nil {
				return
			}
			cur.Data = string(data)
			s.mu.Lock()
			s.received = append(s.received, cur)
			s.mu.Unlock()
			s.arrived <- struct{}{}
			cur = Received{}
			reply("250 queued")
		case "RSET":
			cur = Received{}
			reply("250 OK")
		case "QUIT":
			reply("221 bye")
			return
		default:
			reply("502 unknown command")
		}
	}
}

// addrOf takes the address out of "FROM:<a@b> BODY=8BITMIME".
func addrOf(arg string) string {
	_, rest, _ := strings.Cut(arg, "<")
	addr, _, _ := strings.Cut(rest, ">")
	return addr
}

// SelfSigned makes a certificate for 127.0.0.1 and a client configuration
// that trusts it.
func SelfSigned(t testing.TB) (server, client *tls.Config) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: "test SMTP"},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(time.Hour),
		IPAddresses:  []net.IP{net.IPv4(127, 0, 0, 1)},
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	server = &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key}}}
	return server, &tls.Config{RootCAs: pool}
}

// ReadMessage splits a received message into its header and its body,
// decoded from quoted-printable.
func ReadMessage(t testing.TB, data string) (textproto.MIMEHeader, string) {
	t.Helper()
	r := textproto.NewReader(bufio.NewReader(strings.NewReader(data)))
	h, err := r.ReadMIMEHeader()
	if err != nil {
		t.Fatalf("header: %v\n%s", err, data)
	}
	// ReadDotBytes has already turned CRLF into LF.
	_, raw, _ := strings.Cut(data, "\n\n")
	body, err := io.ReadAll(quotedprintable.NewReader(strings.NewReader(raw)))
	if err != nil {
		t.Fatalf("body: %v\n%s", err, raw)
	}
	return h, string(body)
}
