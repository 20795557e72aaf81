package mail

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

// smtpServer is a small SMTP server that runs inside a test: it speaks
// enough of the protocol (EHLO, STARTTLS, AUTH PLAIN, MAIL, RCPT, DATA,
// RSET, NOOP, QUIT) for net/smtp and records what it receives. It can be
// told to refuse with a temporary error, to reject a recipient, or to
// stall before greeting.
type smtpServer struct {
	t    *testing.T
	ln   net.Listener
	host string
	port int

	// Set before the first connection.
	tls        *tls.Config // offer STARTTLS
	user, pass string      // offer AUTH PLAIN and require it

	mu         sync.Mutex
	received   []receivedMail
	refuseNext int    // answer this many MAIL FROM with 451
	rejectRcpt string // answer RCPT TO this address with 550
	stall      chan struct{}
	stalled    bool          // stall is open
	conns      chan struct{} // one value per accepted connection
	arrived    chan struct{} // one value per message received
	wg         sync.WaitGroup
	open       map[net.Conn]bool
}

type receivedMail struct {
	From   string
	To     []string
	Data   string
	TLS    bool
	Authed string
}

func startSMTP(t *testing.T, opts ...func(*smtpServer)) *smtpServer {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().(*net.TCPAddr)
	s := &smtpServer{t: t, ln: ln, host: "127.0.0.1", port: addr.Port, conns: make(chan struct{}, 100), arrived: make(chan struct{}, 100), open: map[net.Conn]bool{}}
	for _, o := range opts {
		o(s)
	}
	s.wg.Add(1)
	go s.serve()
	t.Cleanup(s.close)
	return s
}

func (s *smtpServer) close() {
	s.ln.Close()
	s.release()
	s.mu.Lock()
	for c := range s.open {
		c.Close()
	}
	s.mu.Unlock()
	s.wg.Wait()
}

func (s *smtpServer) serve() {
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
			s.conns <- struct{}{}
			s.handle(conn)
		}()
	}
}

// config is what the sender needs to talk to this server.
func (s *smtpServer) config() Config {
	return Config{Host: s.host, Port: s.port, From: "Dateline <news@dateline.example>", Timeout: 5 * time.Second}
}

func (s *smtpServer) messages() []receivedMail {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]receivedMail(nil), s.received...)
}

// waitArrival waits for the next message to arrive.
func (s *smtpServer) waitArrival(what string) {
	s.t.Helper()
	select {
	case <-s.arrived:
	case <-time.After(10 * time.Second):
		s.t.Fatalf("%s: no message after 10s", what)
	}
}

func (s *smtpServer) refuse(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.refuseNext = n
}

// stallGreetings makes new connections wait, silent, until the returned
// function is called (or the test ends).
func (s *smtpServer) stallGreetings() (release func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.stall, s.stalled = make(chan struct{}), true
	return s.release
}

func (s *smtpServer) release() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.stalled {
		close(s.stall)
		s.stalled = false
	}
}

func (s *smtpServer) handle(conn net.Conn) {
	s.mu.Lock()
	stall := s.stall
	s.mu.Unlock()
	if stall != nil {
		<-stall
	}
	tp := textproto.NewConn(conn)
	var (
		cur    receivedMail
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
			if s.tls != nil && !inTLS {
				lines = append(lines, "250-STARTTLS")
			}
			if s.user != "" {
				lines = append(lines, "250-AUTH PLAIN")
			}
			reply(append(lines, "250 8BITMIME")...)
		case "HELO", "NOOP":
			reply("250 OK")
		case "STARTTLS":
			if s.tls == nil || inTLS {
				reply("502 not offered")
				continue
			}
			reply("220 go ahead")
			tc := tls.Server(conn, s.tls)
			if err := tc.Handshake(); err != nil {
				return
			}
			conn, inTLS, cur, authed = tc, true, receivedMail{}, ""
			tp = textproto.NewConn(conn)
		case "AUTH":
			mech, resp, _ := strings.Cut(arg, " ")
			raw, _ := base64.StdEncoding.DecodeString(resp)
			parts := strings.Split(string(raw), "\x00")
			if strings.ToUpper(mech) == "PLAIN" && len(parts) == 3 && parts[1] == s.user && parts[2] == s.pass {
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
			case s.user != "" && authed == "":
				reply("530 authentication required")
			default:
				cur = receivedMail{From: addrOf(arg), TLS: inTLS, Authed: authed}
				reply("250 OK")
			}
		case "RCPT":
			to := addrOf(arg)
			s.mu.Lock()
			reject := to == s.rejectRcpt
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
			cur = receivedMail{}
			reply("250 queued")
		case "RSET":
			cur = receivedMail{}
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

// selfSigned makes a certificate for 127.0.0.1 and a client configuration
// that trusts it.
func selfSigned(t *testing.T) (server, client *tls.Config) {
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

// readMessage splits a received message into its header and its body,
// decoded from quoted-printable.
func readMessage(t *testing.T, data string) (textproto.MIMEHeader, string) {
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
