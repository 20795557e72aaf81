#!/bin/sh
# Makes wordpress-6.1-export.xml with a real WordPress: installs it into a
# database of its own, writes a small news site through WordPress's own
# functions (build.php), and keeps what WordPress's exporter writes.
#
# Needs php with mysqli and gd, WordPress (Debian 12: apt-get install
# wordpress php-cli php-mysql php-gd) and a MySQL or MariaDB server.
# Run by hand; the Go tests read the committed file.
#
#   WP_DIR      WordPress's folder              (/usr/share/wordpress)
#   DB_HOST     host:port of the server          (127.0.0.1:3306)
#   DB_USER     a user who may create databases  (root)
#   DB_PASSWORD its password                     (none)
#   DB_NAME     the database made and dropped    (wp_export_fixture)
set -eu

here=$(cd "$(dirname "$0")" && pwd)
out="$here/wordpress-6.1-export.xml"
work=$(mktemp -d)
step() { php -d display_errors=stderr "$here/build.php" "$work/wp-config.php" "$1"; }
# However the run ends, the database and the scratch folder go.
trap 'step drop || true; rm -rf "$work"' EXIT
trap 'exit 1' INT TERM

# The throwaway wp-config.php: WordPress's code stays where it is
# installed; the uploads go to the scratch folder.
cat >"$work/wp-config.php" <<CONFIG
<?php
define('DB_NAME', '${DB_NAME:-wp_export_fixture}');
define('DB_USER', '${DB_USER:-root}');
define('DB_PASSWORD', '${DB_PASSWORD:-}');
define('DB_HOST', '${DB_HOST:-127.0.0.1:3306}');
define('DB_CHARSET', 'utf8mb4');
define('DB_COLLATE', '');
\$table_prefix = 'stock_';
if (defined('STOCK_CONFIG_ONLY')) {
	return;
}
define('WP_SITEURL', 'https://stock.example');
define('WP_HOME', 'https://stock.example');
define('WP_CONTENT_DIR', '$work/wp-content');
define('WP_CONTENT_URL', 'https://stock.example/wp-content');
// No request leaves this machine: no cron, no pings, no update checks.
define('DISABLE_WP_CRON', true);
define('WP_HTTP_BLOCK_EXTERNAL', true);
define('AUTOMATIC_UPDATER_DISABLED', true);
define('WP_DEBUG', false);
// The installer mails the new administrator; there is no one to mail.
function wp_mail() { return true; }
define('ABSPATH', '${WP_DIR:-/usr/share/wordpress}/');
require_once ABSPATH . 'wp-settings.php';
CONFIG
mkdir -p "$work/wp-content/uploads"

step reset
step install
step content
step export >"$work/export.xml"

# Nothing of this machine may be in the file.
if grep -n -e "$work" -e "${WP_DIR:-/usr/share/wordpress}" "$work/export.xml"; then
	echo "generate.sh: the export names a path of this machine" >&2
	exit 1
fi
mv "$work/export.xml" "$out"
echo "wrote $out"
