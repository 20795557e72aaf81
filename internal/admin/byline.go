package admin

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"dateline/internal/content"
)

// The editor's byline is a fieldset of numbered rows, one name each: a
// member of the newsroom chosen in a select, or a credit typed in (a
// guest, an agency, ticked as such). Rows are put in the order of their
// position numbers, so a byline is reordered by changing numbers, and a
// row left empty takes its name off: all of it works without script and
// on a phone. The workflow checks the byline itself (its bounds, who may
// be in it), on the field "authors".

// bylineRow is one row of the byline as typed.
type bylineRow struct {
	Pos, Member, Credit string
	Org                 bool
}

// bylineSpare is how many empty rows follow the names, for adding some.
const bylineSpare = 2

// readBylineRows reads the byline's rows; sent is false for a form
// without them (an autosave of the text alone), which keeps the byline.
// Rows past what the editor shows are read too, and refused by count.
func readBylineRows(r *http.Request) (rows []bylineRow, sent bool) {
	if r.PostForm["byline_sent"] == nil {
		return nil, false
	}
	pos, members, credits := r.PostForm["byline_pos"], r.PostForm["byline_member"], r.PostForm["byline_credit"]
	n := max(len(pos), len(members), len(credits))
	if n > 4*content.MaxAuthors {
		n = 4 * content.MaxAuthors // enough for "too many names" to be said
	}
	org := map[string]bool{}
	for _, v := range r.PostForm["byline_org"] {
		org[v] = true
	}
	at := func(list []string, i int) string {
		if i < len(list) {
			return strings.TrimSpace(list[i])
		}
		return ""
	}
	for i := range n {
		rows = append(rows, bylineRow{Pos: at(pos, i), Member: at(members, i), Credit: at(credits, i), Org: org[strconv.Itoa(i)]})
	}
	return rows, true
}

// bylineOf turns the rows into the byline the workflow takes, in the order
// of their positions (rows without one keep their place after those
// with one); errs gets what the rows themselves get wrong.
func bylineOf(rows []bylineRow, errs *content.FieldErrors) []content.Author {
	type placed struct {
		pos int
		au  content.Author
	}
	var list []placed
	for i, row := range rows {
		if row.Member == "" && row.Credit == "" {
			continue
		}
		p := placed{pos: 1 << 30}
		if row.Pos != "" {
			n, err := strconv.Atoi(row.Pos)
			if err != nil || n < 1 {
				errs.Add("authors", fmt.Sprintf(BylinePosition, i+1))
				return nil
			}
			p.pos = n
		}
		switch {
		case row.Member != "" && row.Credit != "":
			errs.Add("authors", fmt.Sprintf(BylineBoth, i+1))
			return nil
		case row.Member != "":
			id, err := strconv.ParseInt(row.Member, 10, 64)
			if err != nil || id < 1 {
				id = -1 // the workflow says it is no member
			}
			p.au = content.Author{ID: id}
		default:
			p.au = content.Author{Name: row.Credit, Organization: row.Org}
		}
		list = append(list, p)
	}
	slices.SortStableFunc(list, func(x, y placed) int { return x.pos - y.pos })
	out := make([]content.Author, len(list))
	for i, p := range list {
		out[i] = p.au
	}
	return out
}

// bylineRowsOf is the rows of a stored byline, numbered in order.
func bylineRowsOf(list []content.Author) []bylineRow {
	rows := make([]bylineRow, len(list))
	for i, au := range list {
		rows[i] = bylineRow{Pos: strconv.Itoa(i + 1)}
		if au.Member() {
			rows[i].Member = strconv.FormatInt(au.ID, 10)
		} else {
			rows[i].Credit, rows[i].Org = au.Name, au.Organization
		}
	}
	return rows
}

// bylineRowView is a row as the editor draws it: N numbers its fields,
// Row counts it for the labels (from 1).
type bylineRowView struct {
	bylineRow
	N, Row int
}

// bylineRowsView is the rows to draw: those typed or stored, then empty
// ones to add names in, never past the byline's bound.
func bylineRowsView(rows []bylineRow) []bylineRowView {
	n := min(max(len(rows)+bylineSpare, 1), max(len(rows), content.MaxAuthors))
	out := make([]bylineRowView, n)
	for i := range out {
		out[i].N, out[i].Row = i, i+1
		if i < len(rows) {
			out[i].bylineRow = rows[i]
		} else {
			out[i].Pos = strconv.Itoa(i + 1)
		}
	}
	return out
}

// previewByline is the byline of the form as the preview prints it: the
// members' names from the newsroom (one query for all), credits as
// typed, at most content.MaxAuthors names. What the workflow would refuse
// (an unknown member) is left out: the save says why.
func (a *Admin) previewByline(ctx context.Context, list []content.Author) ([]content.Author, error) {
	users, err := a.store.Users(ctx)
	if err != nil {
		return nil, err
	}
	byID := make(map[int64]content.User, len(users))
	for _, u := range users {
		byID[u.ID] = u
	}
	out := []content.Author{}
	for _, au := range list[:min(len(list), content.MaxAuthors)] {
		switch u, ok := byID[au.ID]; {
		case au.Member() && ok:
			out = append(out, content.AuthorOf(u))
		case !au.Member():
			out = append(out, content.Author{Name: content.NormalizeCredit(au.Name), Organization: au.Organization})
		}
	}
	return out, nil
}
