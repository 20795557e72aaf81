// Package wordpress reads WordPress exports (WXR 1.0, 1.1 and 1.2, from
// Tools → Export) one record at a time and turns WordPress post bodies
// into plain HTML for the sanitiser. It knows WordPress's formats and
// nothing of dateline's store: the importer calls it and writes what it
// yields through the domain services.
package wordpress
