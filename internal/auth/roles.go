package auth

import "dateline/internal/content"

// Action is something a newsroom member may be allowed to do.
type Action string

// The newsroom's actions. "Own" means articles the member owns or is in
// the byline of (see Owns); "published" includes scheduled articles and
// published ones since trashed, as in WordPress.
const (
	ActWriteDraft       Action = "write_draft"        // create and edit own unpublished articles
	ActSubmitForReview  Action = "submit_for_review"  // send own draft to the editors
	ActPublishOwn       Action = "publish_own"        // publish or schedule own articles
	ActEditOwnPublished Action = "edit_own_published" // change own articles after publication
	ActEditOthers       Action = "edit_others"        // change anyone's articles
	ActPublishOthers    Action = "publish_others"     // publish or schedule anyone's articles
	ActDeleteOwn        Action = "delete_own"         // trash or delete own articles
	ActDeleteOthers     Action = "delete_others"      // trash or delete anyone's articles
	ActUploadMedia      Action = "upload_media"
	ActModerateComments Action = "moderate_comments"
	ActManageTaxonomy   Action = "manage_taxonomy" // create, rename and delete categories and tags
	ActSetMustRead      Action = "set_must_read"
	ActChangeAuthor     Action = "change_author" // give an article another owner
	ActManageSettings   Action = "manage_settings"
	ActManageUsers      Action = "manage_users"
	ActViewDashboard    Action = "view_dashboard"
	ActManageOwnTokens  Action = "manage_own_tokens" // create and revoke own API tokens
	ActPostAlerts       Action = "post_alerts"       // put up and take down breaking-news alerts
)

// Actions lists every action, for the permission matrix in tests and the
// admin's help page.
func Actions() []Action {
	return []Action{
		ActWriteDraft, ActSubmitForReview, ActPublishOwn, ActEditOwnPublished, ActEditOthers,
		ActPublishOthers, ActDeleteOwn, ActDeleteOthers, ActUploadMedia, ActModerateComments,
		ActManageTaxonomy, ActSetMustRead, ActChangeAuthor, ActManageSettings, ActManageUsers,
		ActViewDashboard, ActManageOwnTokens, ActPostAlerts,
	}
}

// Can reports whether a member with role may do act. The roles follow
// WordPress: an admin may do everything; an editor everything except the
// site's settings and its members; an author writes, uploads, publishes and
// keeps editing and deleting their own articles; a contributor writes drafts
// and sends them for review, and may neither publish, nor upload, nor edit
// an article once it is out. Unknown roles and actions may do nothing.
func Can(role content.Role, act Action) bool {
	switch role {
	case content.RoleAdmin:
		return known(act)
	case content.RoleEditor:
		return known(act) && act != ActManageSettings && act != ActManageUsers
	case content.RoleAuthor:
		switch act {
		case ActWriteDraft, ActSubmitForReview, ActPublishOwn, ActEditOwnPublished, ActDeleteOwn,
			ActUploadMedia, ActViewDashboard, ActManageOwnTokens:
			return true
		}
	case content.RoleContributor:
		switch act {
		case ActWriteDraft, ActSubmitForReview, ActDeleteOwn, ActViewDashboard, ActManageOwnTokens:
			return true
		}
	}
	return false
}

func known(act Action) bool {
	for _, a := range Actions() {
		if a == act {
			return true
		}
	}
	return false
}

// Owns reports whether a is u's own: u is its owner, or a member of its
// byline. A co-author may do with the article whatever its owner may, by
// the same role rules. For a new article the caller sets Author to the
// writer before asking.
func Owns(u content.User, a content.Article) bool {
	return u.ID != 0 && (a.Author.ID == u.ID || a.HasMember(u.ID))
}

func owns(u content.User, a content.Article) bool { return Owns(u, a) }

// CanChangeByline reports whether u may change a's byline (add, remove or
// reorder its members and credits): whoever may edit the article, by
// CanEditArticle. So editors change anyone's; an author their own, drafts
// and published alike; a contributor only their own drafts, never a story
// that went out, so nobody adds themselves to a story they may not edit.
// Giving the article another owner is ActChangeAuthor, an editor's.
func CanChangeByline(u content.User, a content.Article) bool { return CanEditArticle(u, a) }

// wentOut reports whether a counts as published for permissions: it is
// public, scheduled to be, or was public before it was trashed.
func wentOut(a content.Article) bool {
	return a.Status == content.StatusPublished || a.Status == content.StatusScheduled || a.WasPublished()
}

// CanEditArticle reports whether u may change a: anyone's with
// ActEditOthers; their own while unpublished with ActWriteDraft, and after
// publication with ActEditOwnPublished.
func CanEditArticle(u content.User, a content.Article) bool {
	switch {
	case u.ID == 0:
		return false
	case a.Withdrawn():
		return CanWithdraw(u)
	case !owns(u, a):
		return Can(u.Role, ActEditOthers)
	case wentOut(a):
		return Can(u.Role, ActEditOwnPublished)
	default:
		return Can(u.Role, ActWriteDraft)
	}
}

// CanPublish reports whether u may publish or schedule a; a contributor
// never may, and only editors may publish someone else's article.
func CanPublish(u content.User, a content.Article) bool {
	switch {
	case u.ID == 0:
		return false
	case a.Withdrawn():
		return CanWithdraw(u)
	case owns(u, a):
		return Can(u.Role, ActPublishOwn)
	default:
		return Can(u.Role, ActPublishOthers)
	}
}

// CanDeleteArticle reports whether u may trash or delete a: anyone's with
// ActDeleteOthers; their own with ActDeleteOwn, and once it went out only
// if they may also edit it after publication (a contributor cannot take
// down what an editor published).
func CanDeleteArticle(u content.User, a content.Article) bool {
	switch {
	case u.ID == 0:
		return false
	case a.Withdrawn():
		return CanWithdraw(u)
	case !owns(u, a):
		return Can(u.Role, ActDeleteOthers)
	case wentOut(a):
		return Can(u.Role, ActDeleteOwn) && Can(u.Role, ActEditOwnPublished)
	default:
		return Can(u.Role, ActDeleteOwn)
	}
}

// CanWithdraw reports whether u may withdraw (kill) a published article:
// editors and admins, the desk that answers for what the site retracts.
// A withdrawn article is theirs alone from then on: only they edit,
// republish, unpublish or trash it, so its writer cannot undo the kill.
func CanWithdraw(u content.User) bool {
	return u.ID != 0 && Can(u.Role, ActPublishOthers) && Can(u.Role, ActEditOthers)
}

// CanEditImage reports whether u may change the words of picture im (alt
// text, caption, credit), by the rules for articles: anyone's with
// ActEditOthers; their own with ActUploadMedia, the role that adds
// pictures (a contributor adds none, so owns none it may change). A
// picture without an owner, from before pictures had one, is an editor's.
func CanEditImage(u content.User, im content.Image) bool {
	switch {
	case u.ID == 0:
		return false
	case im.OwnerID == u.ID:
		return Can(u.Role, ActUploadMedia)
	default:
		return Can(u.Role, ActEditOthers)
	}
}

// CanUseAsPhoto reports whether u may make picture im a member's photo on
// their author page: their own picture (whatever their role: a
// contributor who uploads none owns none), or any picture for editors
// and admins (ActEditOthers), who may also choose it for someone else.
// The command line and the demo, an administrator who is nobody (ID 0),
// may too.
func CanUseAsPhoto(u content.User, im content.Image) bool {
	if u.ID != 0 && im.OwnerID == u.ID {
		return true
	}
	return Can(u.Role, ActEditOthers)
}
