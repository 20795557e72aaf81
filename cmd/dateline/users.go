package main

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"dateline/internal/auth"
	"dateline/internal/changes"
	"dateline/internal/content"
	"dateline/internal/members"
	"dateline/internal/store"
	"dateline/internal/store/backend"
)

// storeFlags are the --data and --db flags every command shares with serve.
type storeFlags struct{ data, db string }

func (f *storeFlags) register(fs *flag.FlagSet, getenv func(string) string) {
	data := getenv("DATELINE_DATA")
	if data == "" {
		data = "./data"
	}
	fs.StringVar(&f.data, "data", data, "data folder (database, media)")
	fs.StringVar(&f.db, "db", getenv("DATELINE_DB"), "database: sqlite:PATH or postgres://USER@HOST/DATABASE (default sqlite:<data>/dateline.db)")
}

func (f *storeFlags) open(ctx context.Context) (store.Store, error) {
	return backend.Open(ctx, f.url())
}

// url is the database's address: --db, else the data folder's SQLite file.
func (f *storeFlags) url() string {
	if f.db == "" {
		return "sqlite:" + filepath.Join(f.data, "dateline.db")
	}
	return f.db
}

func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usageError{err}
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%s: unexpected argument %q", fs.Name(), fs.Arg(0))
	}
	return nil
}

// userAdd creates a newsroom member through the members service, acting
// as members.Operator: the address made from the name and the password
// stored with the member in one transaction, as in the newsroom. The
// password comes from the first line of stdin, or is generated and
// printed when stdin is empty.
func userAdd(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("user add", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var sf storeFlags
	sf.register(fs, getenv)
	email := fs.String("email", "", "email address, used to sign in")
	name := fs.String("name", "", "full name, shown in bylines")
	role := fs.String("role", "", "admin, editor, author or contributor")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	password, generated, err := readPassword(stdin)
	if err != nil {
		return err
	}
	nm := members.NewMember{Name: *name, Email: *email, Role: content.Role(*role), Password: password}
	// What the flags get wrong is said before the database is opened (or
	// made).
	if err := nm.Validate(); err != nil {
		return userAddRefused(err, *email, *role)
	}
	st, err := sf.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	// The new member is announced through the store's change log, so a
	// server running on the same database hears of it too.
	feed := &changes.Feed{}
	journal, err := changes.NewJournal(ctx, changes.JournalConfig{Log: st, Feed: feed})
	if err != nil {
		return fmt.Errorf("user add: %w", err)
	}
	defer journal.Flush(ctx)
	u, err := members.New(members.Config{Store: st, Changes: feed}).Create(ctx, members.Operator, nm)
	if err != nil {
		return userAddRefused(err, *email, *role)
	}
	fmt.Fprintf(stdout, "added %s <%s> as %s\n", u.Name, u.Email, u.Role)
	if generated {
		fmt.Fprintf(stdout, "password: %s\n", password)
	}
	return nil
}

// userAddRefused words the members service's refusal for the command
// line, naming the flag (or stdin) each problem came from.
func userAddRefused(err error, email, role string) error {
	var problems content.FieldErrors
	if !errors.As(err, &problems) {
		return fmt.Errorf("user add: %w", err)
	}
	var errs []error
	for _, p := range problems {
		switch {
		case p.Field == "email" && p.Message == members.EmailTaken:
			errs = append(errs, fmt.Errorf("user add: a user with the email %s already exists", strings.ToLower(strings.TrimSpace(email))))
		case p.Field == "email":
			errs = append(errs, fmt.Errorf("user add: --email %q is not an email address", email))
		case p.Field == "role":
			errs = append(errs, fmt.Errorf("user add: --role %q: use admin, editor, author or contributor", role))
		case p.Field == "password":
			errs = append(errs, fmt.Errorf("user add: the password on stdin: %s", p.Message))
		default:
			errs = append(errs, fmt.Errorf("user add: --%s: %s", p.Field, p.Message))
		}
	}
	return errors.Join(errs...)
}

// readPassword takes the first line of stdin; an empty stdin means "make
// one up". The members service judges the password.
func readPassword(stdin io.Reader) (password string, generated bool, err error) {
	if stdin != nil {
		line, err := bufio.NewReader(io.LimitReader(stdin, 4096)).ReadString('\n')
		if err != nil && !errors.Is(err, io.EOF) {
			return "", false, fmt.Errorf("read password: %w", err)
		}
		if line = strings.TrimRight(line, "\r\n"); line != "" {
			return line, false, nil
		}
	}
	b := make([]byte, 15)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b), true, nil
}

// tokenCreate prints a new API token that acts with the user's role.
func tokenCreate(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("token create", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var sf storeFlags
	sf.register(fs, getenv)
	email := fs.String("user", "", "email of the user the token acts for")
	name := fs.String("name", "command line", "what the token is for, shown in the admin")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *email == "" {
		return errors.New("token create: --user is required")
	}
	st, err := sf.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	u, err := st.UserByEmail(ctx, *email)
	if errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("token create: no user with the email %s", *email)
	}
	if err != nil {
		return err
	}
	secret, _, err := auth.IssueToken(ctx, st, u.ID, *name, time.Now())
	if err != nil {
		return fmt.Errorf("token create: %w", err)
	}
	fmt.Fprintln(stdout, secret)
	return nil
}
