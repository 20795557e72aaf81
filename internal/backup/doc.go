// Package backup copies a live dateline site into one archive and brings
// it back. An archive is a tar file (gzip-compressed when its name ends in
// .tar.gz or .tgz) holding a consistent snapshot of the SQLite database,
// taken with VACUUM INTO while the server keeps serving (of a PostgreSQL
// site, a pg_dump of one snapshot instead), every file of the
// media folder, and a manifest that lists each file with its size and
// SHA-256. Restore checks every one of them in a staging folder before it
// puts anything in place. A Schedule takes backups at an interval and
// keeps the newest few.
package backup
