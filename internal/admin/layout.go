package admin

import (
	"net/http"
	"strings"
	"time"

	"dateline/internal/auth"
	"dateline/internal/content"
)

// layout is what every page's frame needs: the title, the top bar and the
// navigation the member's role may use.
type layout struct {
	Title    string
	SiteName string
	Me       *content.User
	Nav      []navItem
	Zone     *time.Location
	// Notice confirms what the last form did (from ?done=).
	Notice string
	// Errors are the problems with the form on the page, listed above it
	// and shown next to each field.
	Errors content.FieldErrors
	// Problem is a message about the whole form (a conflict, a refusal).
	Problem string
}

type navItem struct {
	Name    string
	Path    string
	Current bool
	Badge   int // how many wait there (comments to moderate)
}

// navigation is the newsroom's menu: each entry with the action a role
// must allow to see it.
var navigation = []struct {
	name, path string
	act        auth.Action
}{
	{"Dashboard", "/admin/", auth.ActViewDashboard},
	{"Articles", "/admin/articles", auth.ActWriteDraft},
	{"Comments", "/admin/comments/", auth.ActModerateComments},
	{"Media", "/admin/media/", auth.ActUploadMedia},
	{"Alerts", "/admin/alerts", auth.ActPostAlerts},
	{"Sections & tags", "/admin/sections", auth.ActManageTaxonomy},
	{"Users", "/admin/users", auth.ActManageUsers},
	{"Settings", "/admin/settings", auth.ActManageSettings},
	{"Profile", "/admin/profile", ""},
}

// layout prepares the frame of a page; m is nil before sign-in.
func (a *Admin) layout(r *http.Request, m *member, title string) layout {
	l := layout{Title: title, Notice: notices[r.URL.Query().Get("done")], Zone: time.UTC}
	if m == nil {
		if set, err := a.store.Settings(r.Context()); err == nil {
			l.SiteName = set.SiteName
		}
		return l
	}
	l.SiteName, l.Zone = m.Settings.SiteName, m.Zone
	me := m.User
	l.Me = &me
	for _, n := range navigation {
		if n.act != "" && !m.Can(n.act) {
			continue
		}
		current := r.URL.Path == n.path || (n.path != "/admin/" && strings.HasPrefix(r.URL.Path, strings.TrimSuffix(n.path, "/")+"/"))
		if n.path == "/admin/sections" && strings.HasPrefix(r.URL.Path, "/admin/tags") {
			current = true
		}
		item := navItem{Name: n.name, Path: n.path, Current: current}
		if n.path == "/admin/comments/" {
			item.Badge = a.pendingComments(r)
		}
		l.Nav = append(l.Nav, item)
	}
	return l
}

// notices confirm what a form did, after the redirect that follows it. The
// page shows only these fixed texts, never something from the address.
var notices = map[string]string{
	"entry-posted":       "The entry is posted; readers' pages show it within seconds.",
	"entry-saved":        "The entry is saved.",
	"entry-deleted":      "The entry is deleted.",
	"live-open":          "The live blog is open.",
	"live-closed":        "The live blog is closed; it stays up as a normal article with its entries.",
	"story-made":         "The entry is now a draft article of its own; once published, the live blog links to it.",
	"alert-posted":       "The alert is up on every page until it expires.",
	"alert-removed":      "The alert is taken down from every page.",
	"signed-out":         "You are signed out.",
	"signed-out-all":     "You are signed out on every device.",
	"password-reset":     "Your new password is set, and you are signed in.",
	"profile-saved":      "Your profile is saved.",
	"password-changed":   "Your password is changed. Other devices were signed out.",
	"session-ended":      "That device is signed out.",
	"token-revoked":      "The token is revoked; programs using it can no longer get in.",
	"user-added":         "The member is added.",
	"user-invited":       "The member is added, and a link to choose a password is on its way.",
	"invite-failed":      "The member is added, but the link could not be mailed. They can ask for one under \"Forgot your password?\".",
	"user-saved":         "The member is saved.",
	"user-deleted":       "The member is deleted; their articles have a new author.",
	"settings-saved":     "The settings are saved and in use.",
	"section-added":      "The section is added.",
	"section-saved":      "The section is saved.",
	"section-moved":      "The order of the sections is saved.",
	"section-deleted":    "The section is deleted; its articles moved.",
	"tag-added":          "The tag is added.",
	"tag-saved":          "The tag is saved.",
	"tag-merged":         "The tags are merged.",
	"tag-deleted":        "The tag is deleted.",
	"saved":              "Saved.",
	"submitted":          "Sent to the editors for review.",
	"published":          "Published.",
	"scheduled":          "Scheduled.",
	"unpublished":        "Taken off the site; it is a draft again.",
	"trashed":            "Moved to the trash.",
	"withdrawn":          "Taken back from review; it is a draft again.",
	"killed":             "The story is withdrawn: its address answers with your notice, and it has left every list, feed and sitemap.",
	"deleted":            "The article is deleted for good.",
	"restored":           "Taken out of the trash; it is a draft again.",
	"revision-restored":  "The revision is restored. The text it replaced is kept as a revision too.",
	"correction-added":   "The correction is added to the article.",
	"correction-changed": "The correction is changed; its earlier words are kept in its history.",
	"mail-saved":         "The mail settings are saved and in use.",
	"image-saved":        "The picture's words are saved; pages using it show them now.",
	"reset-link-expired": auth.ResetInvalid,
}
