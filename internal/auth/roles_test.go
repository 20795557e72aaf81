package auth

import (
	"fmt"
	"testing"
	"time"

	"dateline/internal/content"
)

// TestPermissionMatrix writes out the whole role × action table: a change to
// the rules must change a line here.
func TestPermissionMatrix(t *testing.T) {
	roles := []content.Role{content.RoleAdmin, content.RoleEditor, content.RoleAuthor, content.RoleContributor}
	//                               admin  editor author contributor
	matrix := map[Action][4]bool{
		ActWriteDraft:       {true, true, true, true},
		ActSubmitForReview:  {true, true, true, true},
		ActPublishOwn:       {true, true, true, false},
		ActEditOwnPublished: {true, true, true, false},
		ActEditOthers:       {true, true, false, false},
		ActPublishOthers:    {true, true, false, false},
		ActDeleteOwn:        {true, true, true, true},
		ActDeleteOthers:     {true, true, false, false},
		ActUploadMedia:      {true, true, true, false},
		ActModerateComments: {true, true, false, false},
		ActManageTaxonomy:   {true, true, false, false},
		ActSetMustRead:      {true, true, false, false},
		ActChangeAuthor:     {true, true, false, false},
		ActManageSettings:   {true, false, false, false},
		ActManageUsers:      {true, false, false, false},
		ActViewDashboard:    {true, true, true, true},
		ActManageOwnTokens:  {true, true, true, true},
		ActPostAlerts:       {true, true, false, false},
	}
	if len(matrix) != len(Actions()) {
		t.Fatalf("the matrix has %d actions, Actions() %d: every action needs a line", len(matrix), len(Actions()))
	}
	for _, act := range Actions() {
		row, ok := matrix[act]
		if !ok {
			t.Errorf("action %s has no line in the matrix", act)
			continue
		}
		for i, role := range roles {
			verb := "may"
			if !row[i] {
				verb = "may not"
			}
			t.Run(fmt.Sprintf("%s %s %s", role, verb, act), func(t *testing.T) {
				if got := Can(role, act); got != row[i] {
					t.Errorf("Can(%s, %s) = %v", role, act, got)
				}
			})
		}
	}
}

func TestUnknownRolesAndActionsMayDoNothing(t *testing.T) {
	for _, act := range Actions() {
		if Can("subscriber", act) || Can("", act) {
			t.Errorf("an unknown role may %s", act)
		}
	}
	if Can(content.RoleAdmin, "launch_missiles") || Can(content.RoleEditor, "") {
		t.Error("an unknown action is allowed")
	}
}

func TestArticlePermissions(t *testing.T) {
	var (
		admin       = content.User{ID: 1, Role: content.RoleAdmin}
		editor      = content.User{ID: 2, Role: content.RoleEditor}
		author      = content.User{ID: 3, Role: content.RoleAuthor}
		contributor = content.User{ID: 4, Role: content.RoleContributor}
		stranger    = content.User{Role: content.RoleAdmin} // not signed in
	)
	at := time.Date(2025, 7, 14, 3, 0, 0, 0, time.UTC)
	article := func(by content.User, status content.Status, published bool) content.Article {
		a := content.Article{Author: content.User{ID: by.ID}, Status: status}
		if published {
			a.PublishedAt = at
		}
		return a
	}
	// coAuthored is an article owned by by, with co in its byline.
	coAuthored := func(by, co content.User, status content.Status, published bool) content.Article {
		a := article(by, status, published)
		a.Authors = []content.Author{{ID: by.ID}, {ID: co.ID}}
		return a
	}
	// creditedTo is an article owned by by whose byline names only others.
	creditedTo := func(by, co content.User, status content.Status, published bool) content.Article {
		a := article(by, status, published)
		a.Authors = []content.Author{{ID: co.ID}, {Name: "Reuters", Organization: true}}
		return a
	}
	cases := []struct {
		name                  string
		u                     content.User
		a                     content.Article
		edit, publish, delete bool
	}{
		{"a contributor edits, sends and deletes their own draft but cannot publish it", contributor, article(contributor, content.StatusDraft, false), true, false, true},
		{"a contributor still edits their own story while it waits for review", contributor, article(contributor, content.StatusPending, false), true, false, true},
		{"a contributor cannot touch their own story once it is published", contributor, article(contributor, content.StatusPublished, true), false, false, false},
		{"a contributor cannot touch their own story once it is scheduled", contributor, article(contributor, content.StatusScheduled, true), false, false, false},
		{"a contributor cannot touch their own published story after it was trashed", contributor, article(contributor, content.StatusTrashed, true), false, false, false},
		{"a contributor may delete their own trashed draft", contributor, article(contributor, content.StatusTrashed, false), true, false, true},
		{"a contributor cannot touch an author's draft", contributor, article(author, content.StatusDraft, false), false, false, false},
		{"an author edits, publishes and deletes their own draft", author, article(author, content.StatusDraft, false), true, true, true},
		{"an author keeps editing their own published story", author, article(author, content.StatusPublished, true), true, true, true},
		{"an author cannot touch a contributor's pending story", author, article(contributor, content.StatusPending, false), false, false, false},
		{"an author cannot touch an editor's published story", author, article(editor, content.StatusPublished, true), false, false, false},
		{"an editor edits, publishes and deletes a contributor's pending story", editor, article(contributor, content.StatusPending, false), true, true, true},
		{"an editor edits, publishes and deletes an author's published story", editor, article(author, content.StatusPublished, true), true, true, true},
		{"an admin may do anything to anyone's story", admin, article(author, content.StatusPublished, true), true, true, true},
		{"nobody signed in may do anything, whatever the role says", stranger, article(content.User{}, content.StatusDraft, false), false, false, false},
		{"a co-author edits, publishes and deletes an editor's draft as its owner could", author, coAuthored(editor, author, content.StatusDraft, false), true, true, true},
		{"a co-author keeps editing a published story they share", author, coAuthored(editor, author, content.StatusPublished, true), true, true, true},
		{"a contributor co-author edits a shared draft but cannot publish it", contributor, coAuthored(author, contributor, content.StatusDraft, false), true, false, true},
		{"a contributor co-author cannot touch the shared story once it is published", contributor, coAuthored(author, contributor, content.StatusPublished, true), false, false, false},
		{"a member named only in the byline, not its owner, still has it as their own", author, creditedTo(editor, author, content.StatusDraft, false), true, true, true},
		{"an owner left out of the byline keeps their article", author, creditedTo(author, contributor, content.StatusPublished, true), true, true, true},
		{"a credit in the byline gives nobody anything", contributor, creditedTo(editor, author, content.StatusDraft, false), false, false, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := CanEditArticle(tc.u, tc.a); got != tc.edit {
				t.Errorf("CanEditArticle = %v, want %v", got, tc.edit)
			}
			if got := CanPublish(tc.u, tc.a); got != tc.publish {
				t.Errorf("CanPublish = %v, want %v", got, tc.publish)
			}
			if got := CanDeleteArticle(tc.u, tc.a); got != tc.delete {
				t.Errorf("CanDeleteArticle = %v, want %v", got, tc.delete)
			}
			// The byline is changed by whoever may edit the article.
			if got := CanChangeByline(tc.u, tc.a); got != tc.edit {
				t.Errorf("CanChangeByline = %v, want %v", got, tc.edit)
			}
		})
	}
}
