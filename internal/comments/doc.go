// Package comments holds the rules of readers' comments: what a valid
// comment is, when an article takes comments, which comments wait for a
// moderator and which are spam, how replies thread, what editors may do in
// the moderation queue, and who is told by mail about a new comment or a
// reply. The HTTP handlers stay thin: they turn a request into a Form and a
// ClientInfo, call Service.Submit or a moderation method, and render what
// comes back. The public form carries a signed stamp of when its page was
// made (Service.FormStamp), so that robots posting at once are turned away
// while the page stays the same for every visitor.
package comments
