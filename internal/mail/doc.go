// Package mail sends dateline's mail: notifications about comments and,
// later, anything else the newsroom mails. A Message is put in a Queue kept
// in the store, so a request never waits on a mail server; the queue's
// worker, owned by the server, hands due messages to a Transport (the SMTP
// Sender) and retries failures with growing delays until it gives up.
package mail
