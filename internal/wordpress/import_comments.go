package wordpress

import (
	"context"
	"fmt"
	"html"
	"sort"
	"strings"

	"dateline/internal/comments"
	"dateline/internal/content"
	"dateline/internal/store"
)

// pendingComment is a comment of a batch's post on its way to the
// comments service.
type pendingComment struct {
	c     *Comment
	post  *post
	fp    string
	id    int64 // the comment it became, once known
	ping  bool
	state int // 0 waiting, 1 written or unchanged, 2 left out
}

const (
	commentWaiting = iota
	commentDone
	commentLeftOut
)

// writeComments imports the comments of the batch's posts, in batches the
// store takes, each comment after the one it answers.
func (im *Importer) writeComments(ctx context.Context, batch []*post) error {
	var all []*pendingComment
	byWP := map[int64]*pendingComment{}
	for _, p := range batch {
		if len(p.it.Comments) == 0 {
			continue
		}
		if p.skipped || (p.id == 0 && !(im.opt.DryRun && p.written)) {
			// The post was refused, or was deleted here since: its
			// comments have nowhere to go.
			for _, c := range p.it.Comments {
				im.commentCount(c.Type).Skipped++
			}
			continue
		}
		for _, c := range threadOrder(p.it.Comments) {
			pc := &pendingComment{c: c, post: p, ping: c.Type == TypePingback || c.Type == TypeTrackback}
			if pc.ping && im.opt.SkipPings {
				im.sum.Counts[CountPingbacks].Skipped++
				continue
			}
			if c.ID > 0 && byWP[c.ID] != nil {
				im.commentCount(c.Type).Skipped++
				im.sum.warnf(p.it.ID, WarnRefused, "comment %d is in the export twice; the second was left out", c.ID)
				continue
			}
			pc.fp = commentDigest(c, p.it.ID)
			all = append(all, pc)
			if c.ID > 0 {
				byWP[c.ID] = pc
			}
		}
	}
	if len(all) == 0 {
		return nil
	}
	ids := make([]int64, 0, len(all))
	for _, pc := range all {
		if pc.c.ID > 0 {
			ids = append(ids, pc.c.ID)
		}
	}
	links, err := im.links(ctx, store.LegacyComment, ids, nil)
	if err != nil {
		return err
	}
	var (
		calls   []comments.Imported
		pending []*pendingComment
		index   = map[*pendingComment]int{}
	)
	send := func() error {
		if len(calls) == 0 {
			return nil
		}
		results, err := im.svc.Comments.Import(ctx, who, calls, im.opt.DryRun)
		if err != nil {
			return fmt.Errorf("import comments: %w", err)
		}
		for i, r := range results {
			pc, count := pending[i], im.commentCount(pending[i].c.Type)
			if r.Err != nil {
				pc.state = commentLeftOut
				count.Skipped++
				im.sum.warnf(pc.post.it.ID, WarnRefused, "comment %d was not imported: %v", pc.c.ID, r.Err)
				continue
			}
			pc.state = commentDone
			if calls[i].ID != 0 {
				count.Updated++
			} else {
				count.Created++
				pc.id = r.ID
			}
		}
		calls, pending, index = calls[:0], pending[:0], map[*pendingComment]int{}
		return nil
	}
	for _, pc := range all {
		l, known := links.byID[pc.c.ID]
		if known && pc.c.ID > 0 {
			pc.id = l.ID
			if l.Fingerprint == pc.fp {
				pc.state = commentDone
				im.commentCount(pc.c.Type).Unchanged++
				continue
			}
		}
		in := comments.Imported{Comment: im.comment(pc), Addr: pc.c.AuthorIP, Parent: -1,
			Link: im.link(store.LegacyComment, pc.c.ID, 0, "", "", pc.fp)}
		if known && pc.c.ID > 0 {
			in.ID = l.ID
		}
		if pc.c.Parent != 0 {
			parent := byWP[pc.c.Parent]
			switch {
			case parent == nil || parent.state == commentLeftOut:
				im.sum.warnf(pc.post.it.ID, WarnParent, "comment %d answers comment %d, which is not in the export; it is a comment of its own here", pc.c.ID, pc.c.Parent)
			case parent.state == commentDone && (parent.id != 0 || im.opt.DryRun):
				in.Comment.ParentID = parent.id
			case parent.state == commentWaiting:
				if j, ok := index[parent]; ok {
					in.Parent = j
				} else {
					// Its parent went in an earlier call and was refused there.
					im.sum.warnf(pc.post.it.ID, WarnParent, "comment %d answers comment %d, which was not imported; it is a comment of its own here", pc.c.ID, pc.c.Parent)
				}
			}
		}
		index[pc] = len(calls)
		calls = append(calls, in)
		pending = append(pending, pc)
		if len(calls) == store.MaxImportBatch {
			if err := send(); err != nil {
				return err
			}
		}
	}
	return send()
}

// comment is the dateline comment a WordPress comment becomes.
func (im *Importer) comment(pc *pendingComment) content.Comment {
	c := pc.c
	status := content.CommentPending
	switch c.Status {
	case CommentApproved:
		status = content.CommentApproved
	case CommentSpam:
		status = content.CommentSpam
	case CommentTrash:
		status = content.CommentTrash
	}
	return content.Comment{ArticleID: pc.post.id, AuthorName: plain(c.Author), AuthorEmail: c.AuthorEmail,
		AuthorURL: c.AuthorURL, Body: CommentText(c.Content), Status: status, CreatedAt: c.Date.UTC(),
		UserID: im.byWPUser[c.UserID]}
}

func (im *Importer) commentCount(t CommentType) *Count {
	if t == TypePingback || t == TypeTrackback {
		return im.sum.Counts[CountPingbacks]
	}
	return im.sum.Counts[CountComments]
}

// commentDigest fingerprints a comment as the import writes it.
func commentDigest(c *Comment, postID int64) string {
	return newDigest("comment").num(postID).num(c.Parent).str(c.Author).str(c.AuthorEmail).str(c.AuthorURL).
		str(c.AuthorIP).time(c.Date).str(c.Content).str(string(c.Status)).str(string(c.Type)).num(c.UserID).sum()
}

// threadOrder puts every comment after the one it answers (the order of
// the export, as long as it allows), so a batch can name a parent written
// before its replies. A parent chain that loops is cut where it loops.
func threadOrder(list []Comment) []*Comment {
	byID := make(map[int64]*Comment, len(list))
	for i := range list {
		if list[i].ID > 0 {
			byID[list[i].ID] = &list[i]
		}
	}
	depth := make(map[*Comment]int, len(list))
	var depthOf func(c *Comment, seen int) int
	depthOf = func(c *Comment, seen int) int {
		if d, ok := depth[c]; ok {
			return d
		}
		p := byID[c.Parent]
		d := 0
		if p != nil && p != c && seen < len(list) {
			d = depthOf(p, seen+1) + 1
		}
		depth[c] = d
		return d
	}
	out := make([]*Comment, len(list))
	for i := range list {
		depthOf(&list[i], 0)
		out[i] = &list[i]
	}
	sort.SliceStable(out, func(i, j int) bool { return depth[out[i]] < depth[out[j]] })
	return out
}

// CommentText is a WordPress comment as plain text, as dateline keeps
// comments: WordPress stores what the reader typed, line breaks and all,
// with the little HTML it allows (links, emphasis, quotes). Tags are
// dropped, a link keeps its address after its words when they differ,
// <br> and paragraphs become line breaks and entities are decoded.
func CommentText(s string) string {
	var b strings.Builder
	var (
		href string
		from int // where the link's words begin in b
	)
	for len(s) > 0 {
		i := strings.IndexByte(s, '<')
		if i < 0 {
			b.WriteString(html.UnescapeString(s))
			break
		}
		b.WriteString(html.UnescapeString(s[:i]))
		j := strings.IndexByte(s[i:], '>')
		if j < 0 {
			b.WriteString(html.UnescapeString(s[i:]))
			break
		}
		tag := s[i+1 : i+j]
		s = s[i+j+1:]
		closing := strings.HasPrefix(tag, "/")
		name := strings.TrimPrefix(tag, "/")
		if k := strings.IndexAny(name, " \t\n/"); k >= 0 {
			name = name[:k]
		}
		name = strings.ToLower(name)
		switch name {
		case "br":
			b.WriteByte('\n')
		case "p", "blockquote", "div", "li", "ul", "ol", "pre":
			b.WriteString("\n\n")
		case "a":
			if closing {
				if href != "" && from <= b.Len() && !strings.Contains(b.String()[from:], href) {
					b.WriteString(" (" + href + ")")
				}
				href = ""
			} else {
				href, from = attr(tag, "href"), b.Len()
				if !strings.HasPrefix(href, "http://") && !strings.HasPrefix(href, "https://") {
					href = ""
				}
			}
		}
	}
	// No more than one blank line in a row.
	out := strings.TrimSpace(b.String())
	for strings.Contains(out, "\n\n\n") {
		out = strings.ReplaceAll(out, "\n\n\n", "\n\n")
	}
	return out
}

// attr is the value of the attribute name in the text of a tag.
func attr(tag, name string) string {
	lower := strings.ToLower(tag)
	i := strings.Index(lower, name+"=")
	if i < 0 {
		return ""
	}
	v := tag[i+len(name)+1:]
	if v == "" {
		return ""
	}
	if q := v[0]; q == '"' || q == '\'' {
		if k := strings.IndexByte(v[1:], q); k >= 0 {
			return html.UnescapeString(v[1 : k+1])
		}
		return ""
	}
	if k := strings.IndexAny(v, " \t\n"); k >= 0 {
		v = v[:k]
	}
	return html.UnescapeString(v)
}
