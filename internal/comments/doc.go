// Package comments holds the rules of readers' comments: what a valid
// comment is, when an article takes comments, which comments wait for a
// moderator and which are spam, how replies thread, what editors may do in
// the moderation queue, and who is told by mail about a new comment or a
// reply. The HTTP handlers stay thin: they turn a request into a Form and a
// ClientInfo, call Service.Post or a moderation method, and render what
// comes back.
package comments
