<?php
/*
 * build.php CONFIG STEP: one step of making a real WordPress export, run by
 * generate.sh (see README.md). CONFIG is the throwaway wp-config.php that
 * generate.sh writes; STEP is one of
 *
 *   reset    drop and create the database CONFIG names
 *   install  install WordPress into it, as wp-admin/install.php does
 *   content  write a small news site through WordPress's own functions
 *   export   print WordPress's own export of it (Tools → Export → All content)
 *   drop     drop the database
 *
 * Each step is a process of its own, so that each loads WordPress afresh,
 * as each request to a real site does.
 */

if ($argc !== 3) {
	fwrite(STDERR, "usage: php build.php CONFIG reset|install|content|export|drop\n");
	exit(2);
}
$config = $argv[1];
$step = $argv[2];

// WordPress reads the request; a command line has none.
$_SERVER['HTTP_HOST'] = 'stock.example';
$_SERVER['SERVER_NAME'] = 'stock.example';
$_SERVER['REQUEST_URI'] = '/';
$_SERVER['HTTPS'] = 'on';

function fail($msg) {
	fwrite(STDERR, "build.php: $msg\n");
	exit(1);
}

// database runs one statement on the server CONFIG names, outside WordPress.
function database($config, $sql) {
	define('STOCK_CONFIG_ONLY', true);
	require $config;
	[$host, $port] = array_pad(explode(':', DB_HOST, 2), 2, '3306');
	$db = new mysqli($host, DB_USER, DB_PASSWORD, '', (int) $port);
	foreach ((array) $sql as $q) {
		$db->query(str_replace('{db}', DB_NAME, $q)) or fail($db->error);
	}
}

switch ($step) {
case 'reset':
	database($config, ['DROP DATABASE IF EXISTS `{db}`',
		'CREATE DATABASE `{db}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_520_ci']);
	exit(0);
case 'drop':
	database($config, 'DROP DATABASE IF EXISTS `{db}`');
	exit(0);
case 'install':
	define('WP_INSTALLING', true);
	break;
case 'content':
case 'export':
	break;
default:
	fail("unknown step $step");
}

require $config;
require_once ABSPATH . 'wp-admin/includes/upgrade.php';
if (strpos($wp_version, '6.1.') !== 0) {
	fail("this is WordPress $wp_version; the committed export is named for 6.1 (rename it and the tests)");
}

switch ($step) {
case 'install':
	install();
	break;
case 'content':
	content();
	break;
case 'export':
	require_once ABSPATH . 'wp-admin/includes/export.php';
	export_wp(['content' => 'all']);
	break;
}

function install() {
	if (is_blog_installed()) {
		fail('WordPress is installed in this database already: run the reset step first');
	}
	// As the installer's form: site title, the administrator, search
	// engines allowed, no password (WordPress makes one).
	$r = wp_install('The Stock Gazette', 'desk', 'desk@stock.example', 1, '', '', 'en_US');
	if (is_wp_error($r)) {
		fail($r->get_error_message());
	}
	// wp_install tries pretty permalinks and, finding no web server to
	// ask, keeps plain ones: Settings → Permalinks → Day and name.
	global $wp_rewrite;
	$wp_rewrite->set_permalink_structure('/%year%/%monthnum%/%day%/%postname%/');
	// Settings → General: a news site in Bangkok.
	update_option('timezone_string', 'Asia/Bangkok');
	update_option('blogdescription', 'News from the river, since 1998');
	// Settings → Discussion: replies five deep.
	update_option('thread_comments', 1);
	update_option('thread_comments_depth', 5);
	wp_update_user(['ID' => 1, 'display_name' => 'News Desk', 'first_name' => 'News', 'last_name' => 'Desk']);
}

// must fails the run on an error from WordPress and returns the value.
function must($v, $what) {
	if (is_wp_error($v)) {
		fail("$what: " . $v->get_error_message());
	}
	if ($v === 0 || $v === false || $v === null) {
		fail("$what: WordPress returned nothing");
	}
	return $v;
}

// The admin screens' forms send slashed data, and WordPress's insert
// functions unslash what they are given: so does this script.
function user($login, $first, $last, $name, $email, $role) {
	return must(wp_insert_user(wp_slash(['user_login' => $login, 'user_email' => $email, 'display_name' => $name,
		'nickname' => $login, 'first_name' => $first, 'last_name' => $last, 'role' => $role,
		'user_pass' => wp_generate_password(24)])), "user $login");
}

function term($name, $taxonomy, $args = []) {
	$t = must(wp_insert_term(wp_slash($name), $taxonomy, wp_slash($args)), "$taxonomy $name");
	return $t['term_id'];
}

// post writes a post as an editor does in the dashboard, or, with "as",
// as that member does: an author's words are filtered as WordPress filters
// anyone's who may not post any HTML (a title's "&" is kept as "&amp;").
function post($args) {
	$args += ['post_type' => 'post', 'post_status' => 'publish', 'comment_status' => 'open', 'ping_status' => 'open'];
	wp_set_current_user($args['as'] ?? 1);
	unset($args['as']);
	$id = wp_insert_post(wp_slash($args), true);
	wp_set_current_user(1);
	return must($id, 'post ' . $args['post_title']);
}

// comment writes an approved comment unless told otherwise, filtered as
// WordPress filters what its comment form receives (wp_new_comment) from a
// reader, or from the member user_id; dates are the site's local time.
function comment($post, $args) {
	$args += ['comment_post_ID' => $post, 'comment_approved' => 1, 'comment_type' => 'comment', 'comment_author_url' => '',
		'comment_agent' => 'Mozilla/5.0 (X11; Linux x86_64; rv:109.0) Gecko/20100101 Firefox/115.0'];
	if (isset($args['user_id'])) {
		$u = get_userdata($args['user_id']);
		$args += ['comment_author' => $u->display_name, 'comment_author_email' => $u->user_email, 'comment_author_url' => ''];
	}
	$args['comment_date_gmt'] = get_gmt_from_date($args['comment_date']);
	wp_set_current_user($args['user_id'] ?? 0);
	$id = wp_insert_comment(wp_filter_comment(wp_slash($args)));
	wp_set_current_user(1);
	return must($id, 'comment on ' . $post);
}

// png draws a picture with GD and returns its bytes.
function png($w, $h) {
	$im = imagecreatetruecolor($w, $h);
	imagefilledrectangle($im, 0, 0, $w, $h, imagecolorallocate($im, 30, 90, 140));
	imagefilledrectangle($im, 0, (int) ($h * 0.6), $w, $h, imagecolorallocate($im, 70, 60, 50));
	imagefilledrectangle($im, (int) ($w * 0.2), (int) ($h * 0.35), (int) ($w * 0.8), (int) ($h * 0.6), imagecolorallocate($im, 200, 200, 190));
	ob_start();
	imagepng($im);
	return ob_get_clean();
}

// picture uploads a picture as the media library does (Media → Add New)
// and gives it the caption, alt text and description.
function picture($name, $date, $author, $parent, $title, $caption, $alt, $description) {
	$upload = must(wp_upload_bits($name, null, png(640, 400), substr($date, 0, 4) . '/' . substr($date, 5, 2)), "upload $name");
	if (!empty($upload['error'])) {
		fail("upload $name: " . $upload['error']);
	}
	$id = must(wp_insert_attachment(wp_slash(['post_mime_type' => 'image/png', 'post_title' => $title,
		'post_excerpt' => $caption, 'post_content' => $description, 'post_date' => $date, 'post_author' => $author,
		'guid' => $upload['url']]), $upload['file'], $parent, true), "attachment $name");
	require_once ABSPATH . 'wp-admin/includes/image.php';
	wp_update_attachment_metadata($id, wp_generate_attachment_metadata($id, $upload['file']));
	update_post_meta($id, '_wp_attachment_image_alt', wp_slash($alt));
	return $id;
}

function content() {
	// As an editor in the dashboard, who may post any HTML.
	wp_set_current_user(1);

	// WordPress keeps names HTML-escaped ("&" as "&amp;"): the letters
	// page has two writers.
	$amara = user('amara', 'Amara', 'Okafor', 'Amara Okafor', 'amara@stock.example', 'editor');
	$somchai = user('somchai', 'สมชาย', 'ใจดี', 'สมชาย ใจดี', 'somchai@stock.example', 'author');
	$layla = user('layla', 'ليلى', 'حداد', 'ليلى حداد', 'layla@stock.example', 'author');
	$jo = user('jo', 'Jo', 'Ruiz', 'Jo Ruiz & Sam Lee', 'jo@stock.example', 'contributor');

	$news = term('News', 'category', ['description' => 'What happened today.']);
	$world = term('World', 'category', ['parent' => $news]);
	$local = term('Local', 'category', ['parent' => $news]);
	$thai = term('ข่าวกรุงเทพ', 'category', ['parent' => $local]);
	$opinion = term('Opinion & Letters', 'category');
	$flood = term('flood', 'post_tag');
	$elections = term('Elections 2024', 'post_tag');
	$bangkok = term('กรุงเทพ', 'post_tag');
	$cafe = term('Café culture', 'post_tag');

	// The barrier story: a post from the classic editor (paragraphs are
	// blank lines), a captioned picture, a thread of comments.
	$barrier = post(['post_author' => $amara, 'post_date' => '2024-05-14 18:30:00',
		'post_title' => 'Flood barrier approved after six-hour meeting',
		'post_name' => 'flood-barrier-approved',
		'post_excerpt' => 'The council voted 7–2 for the river barrier; works start in June.',
		'post_category' => [$local], 'tags_input' => ['flood'],
		'post_content' => "The council voted 7–2 on Tuesday night for the barrier that is to keep the river out of the old town.\n\n{caption}\n\nWorks start in June and should take <strong>two years</strong>.\nThe cost, 41 million, is shared with the province.\n\n<!--more-->\n\nResidents who spoke at the meeting asked for a footpath on the barrier's crown."]);
	$pic = picture('barrier-at-dawn.png', '2024-05-14 17:00:00', $amara, $barrier, 'The barrier site at dawn',
		'The barrier site at dawn. Photo: Amara Okafor', 'A grey wall of concrete beside the river', 'Taken from the east bank.');
	$src = wp_get_attachment_image_src($pic, 'medium');
	$caption = sprintf('[caption id="attachment_%d" align="aligncenter" width="%d"]<img class="size-medium wp-image-%d" src="%s" alt="A grey wall of concrete beside the river" width="%d" height="%d" /> The barrier site at dawn. Photo: Amara Okafor[/caption]',
		$pic, $src[1], $pic, $src[0], $src[1], $src[2]);
	$p = get_post($barrier);
	must(wp_update_post(wp_slash(['ID' => $barrier, 'post_content' => str_replace('{caption}', $caption, $p->post_content)]), true), 'barrier body');

	$c1 = comment($barrier, ['comment_author' => 'Ann Reader', 'comment_author_email' => 'ann@reader.example',
		'comment_author_url' => 'https://ann.example/', 'comment_author_IP' => '192.0.2.10', 'comment_date' => '2024-05-14 20:01:00',
		'comment_content' => 'About time. We were flooded twice & nobody came.']);
	$c2 = comment($barrier, ['user_id' => $amara, 'comment_author_IP' => '192.0.2.11', 'comment_date' => '2024-05-14 20:15:00',
		'comment_parent' => $c1, 'comment_content' => 'Thanks, Ann: we will follow the works.']);
	comment($barrier, ['comment_author' => 'Ann Reader', 'comment_author_email' => 'ann@reader.example',
		'comment_author_IP' => '192.0.2.10', 'comment_date' => '2024-05-14 20:30:00', 'comment_parent' => $c2,
		'comment_content' => "Please do.\nAnd ask about the footpath."]);
	comment($barrier, ['comment_author' => 'Pete', 'comment_author_email' => 'pete@reader.example', 'comment_author_IP' => '192.0.2.12',
		'comment_date' => '2024-05-14 21:00:00', 'comment_content' => 'Two years? It will be five.']);
	comment($barrier, ['comment_author' => 'Waiting Walter', 'comment_author_email' => 'walter@reader.example', 'comment_author_IP' => '192.0.2.13',
		'comment_date' => '2024-05-14 22:00:00', 'comment_parent' => $c1, 'comment_approved' => 0,
		'comment_content' => 'A first comment waits for moderation.']);
	comment($barrier, ['comment_author' => 'cheap pills', 'comment_author_email' => 'spam@spam.example', 'comment_author_url' => 'https://spam.example/',
		'comment_author_IP' => '203.0.113.9', 'comment_date' => '2024-05-14 23:00:00', 'comment_approved' => 'spam',
		'comment_content' => 'Buy cheap pills <a href="https://spam.example/">here</a>']); // the exporter leaves spam out
	$trashed = comment($barrier, ['comment_author' => 'Pete', 'comment_author_email' => 'pete@reader.example', 'comment_author_IP' => '192.0.2.12',
		'comment_date' => '2024-05-14 21:05:00', 'comment_parent' => $c1, 'comment_content' => 'Sorry, wrong story.']);
	wp_trash_comment($trashed);
	comment($barrier, ['comment_author' => 'The River Times', 'comment_author_url' => 'https://rivertimes.example/2024/05/15/barrier-vote/',
		'comment_author_email' => '', 'comment_author_IP' => '198.51.100.7', 'comment_date' => '2024-05-15 08:00:00',
		'comment_type' => 'pingback', 'comment_agent' => 'WordPress/6.1.9; https://rivertimes.example',
		'comment_content' => '[&#8230;] the Gazette reports the vote [&#8230;]']);

	// Election night: the block editor, the sticky story, the picture as
	// its featured image.
	$img = wp_get_attachment_image_src($pic, 'large');
	$elect = post(['post_author' => 1, 'post_date' => '2024-05-20 21:00:00',
		'post_title' => 'Election night: the results as they come',
		'post_excerpt' => 'Every district, as it is counted.',
		'post_category' => [$news], 'tags_input' => ['Elections 2024'],
		'post_content' => "<!-- wp:paragraph -->\n<p>Counting has begun in all 50 districts.</p>\n<!-- /wp:paragraph -->\n\n"
			. "<!-- wp:heading -->\n<h2>The first results</h2>\n<!-- /wp:heading -->\n\n"
			. "<!-- wp:list -->\n<ul><li>Riverside: counted</li><li>Old Town: counting</li></ul>\n<!-- /wp:list -->\n\n"
			. sprintf("<!-- wp:image {\"id\":%d,\"sizeSlug\":\"large\",\"linkDestination\":\"none\"} -->\n<figure class=\"wp-block-image size-large\"><img src=\"%s\" alt=\"\" class=\"wp-image-%d\"/><figcaption class=\"wp-element-caption\">The count at the town hall.</figcaption></figure>\n<!-- /wp:image -->\n\n", $pic, $img[0], $pic)
			. "<!-- wp:quote -->\n<blockquote class=\"wp-block-quote\"><!-- wp:paragraph -->\n<p>We will know by midnight.</p>\n<!-- /wp:paragraph --><cite>The returning officer</cite></blockquote>\n<!-- /wp:quote -->"]);
	stick_post($elect);
	set_post_thumbnail($elect, $pic);
	comment($elect, ['comment_author' => 'Night Owl', 'comment_author_email' => 'owl@reader.example', 'comment_author_IP' => '192.0.2.20',
		'comment_date' => '2024-05-20 23:59:00', 'comment_content' => 'Still counting in Old Town? 🦉']);

	// Thai: a title, a slug WordPress percent-encodes, a Thai section and tag.
	$thaiPost = post(['post_author' => $somchai, 'post_date' => '2024-05-15 09:00:00',
		'post_title' => 'น้ำท่วมกรุงเทพ: เมืองหลวงรับมือน้ำทะเลหนุน',
		'post_excerpt' => 'กรุงเทพมหานครเตรียมพร้อมรับน้ำทะเลหนุนสูงสุดในรอบสิบปี',
		'post_category' => [$thai], 'tags_input' => ['กรุงเทพ', 'flood'],
		'post_content' => "กรุงเทพมหานครเตรียมกระสอบทรายหนึ่งล้านใบ ก่อนน้ำทะเลหนุนสูงสุดในสุดสัปดาห์นี้\n\nผู้ว่าราชการกล่าวว่า \"เราพร้อมแล้ว\" ที่ศาลาว่าการ"]);
	comment($thaiPost, ['comment_author' => 'นภา', 'comment_author_email' => 'napa@reader.example', 'comment_author_IP' => '192.0.2.30',
		'comment_date' => '2024-05-15 10:00:00', 'comment_content' => 'ขอบคุณสำหรับข่าวค่ะ 🙏']);

	// An author's own story.
	$market = post(['as' => $somchai, 'post_author' => $somchai, 'post_date' => '2024-05-17 07:15:00',
		'post_title' => 'Rice & fish prices rise at the floating market',
		'post_excerpt' => 'Traders blame the high water & the diesel price.',
		'post_category' => [$local], 'tags_input' => ['flood'],
		'post_content' => "Prices at the floating market rose by a fifth this week.\n\n<em>Rice & fish</em> cost most, traders said."]);
	comment($market, ['comment_author' => 'Market trader', 'comment_author_email' => 'trader@reader.example', 'comment_author_IP' => '192.0.2.60',
		'comment_date' => '2024-05-17 09:00:00', 'comment_content' => 'Diesel went up 8 baht <b>in a month</b>.']);

	// Right to left, combining marks, emoji, and text that closes a CDATA
	// section; an emoji in the title makes WordPress percent-encode it
	// into the slug.
	$rtl = post(['post_author' => $layla, 'post_date' => '2024-05-16 00:30:00',
		'post_title' => 'Texts that test an importer 🌊',
		'post_excerpt' => 'Arabic, Thai, emoji, combining marks and ]]> in one story.',
		'post_category' => [$world], 'tags_input' => ['Café culture'],
		'post_content' => "<p dir=\"rtl\" lang=\"ar\">افتتاح الجسر الجديد فوق النهر، بطول ٣٢٠ مترًا.</p>\n\n"
			. "<p>Mixed: the word <bdi>مرحبا</bdi> in a line of English, then ภาษาไทย with its marks: กิ่ง ก้าน.</p>\n\n"
			. "<p>Combining marks: Cafe\u{0301} (e and U+0301), n\u{0303}, Z\u{0351}\u{0300}\u{0327}; emoji: 👩🏽‍🔬 🇹🇭 1️⃣.</p>\n\n"
			. "<p>Code closes CDATA: <code>a[b[0]]>c</code> and ]]> again, &amp; an ampersand, &lt;tag&gt;, C:\\path\\to\\file and a \\\"quoted\\\" backslash.</p>"]);
	comment($rtl, ['comment_author' => 'سارة', 'comment_author_email' => 'sara@reader.example', 'comment_author_IP' => '192.0.2.40',
		'comment_date' => '2024-05-16 08:00:00', 'comment_content' => 'شكرًا على التقرير ]]> 🌉']);

	// A letter, comments closed after one was posted.
	$letter = post(['post_author' => $jo, 'post_date' => '2024-05-18 12:00:00',
		'post_title' => 'Letter: the bridge and the ferry', 'post_name' => 'letter-the-bridge-and-the-ferry',
		'post_excerpt' => 'A reader on what the ferry meant.',
		'post_category' => [$opinion], 'tags_input' => [],
		'post_content' => "Sir,\n\nThe ferry took my grandmother to school.\nIt took me to work.\n\nJo Ruiz, Riverside"]);
	comment($letter, ['comment_author' => 'Old Ferryman', 'comment_author_email' => 'ferry@reader.example', 'comment_author_IP' => '192.0.2.50',
		'comment_date' => '2024-05-18 13:00:00', 'comment_content' => 'I rowed it for thirty years.']);
	comment($letter, ['comment_author' => "Tom & Jerry's Café", 'comment_author_email' => 'tj@reader.example', 'comment_author_IP' => '192.0.2.51',
		'comment_date' => '2024-05-18 14:00:00', 'comment_content' => 'We sold the ferry tickets & the coffee.']);
	must(wp_update_post(['ID' => $letter, 'comment_status' => 'closed'], true), 'close the letter');

	// What is not public: a draft, a post waiting for review, a private
	// one, a scheduled one and one in the trash.
	post(['post_author' => $amara, 'post_status' => 'draft', 'post_date' => '2024-05-21 10:00:00',
		'post_title' => 'Budget leak (draft)', 'post_category' => [$news],
		'post_content' => 'Not checked yet: do not publish.']);
	post(['post_author' => $jo, 'post_status' => 'pending', 'post_date' => '2024-05-21 11:00:00',
		'post_title' => 'Letter: more buses', 'post_category' => [$opinion],
		'post_content' => 'Sir, the 12 is always late.']);
	post(['post_author' => $amara, 'post_status' => 'private', 'post_date' => '2024-05-19 09:00:00',
		'post_title' => 'For the staff only', 'post_category' => [$news],
		'post_content' => 'The rota for the election night.']);
	post(['post_author' => $amara, 'post_status' => 'future', 'post_date' => '2099-01-01 08:00:00',
		'post_title' => 'The century in review', 'post_category' => [$news],
		'post_content' => 'To be published on New Year\'s Day, 2099.']);
	$old = post(['post_author' => $somchai, 'post_date' => '2024-05-10 08:00:00',
		'post_title' => 'Market closes for repairs', 'post_category' => [$local],
		'post_content' => 'The market will close for a week.']);
	wp_trash_post($old);

	// Pages: one with a child, in menu order.
	$about = post(['post_type' => 'page', 'post_author' => 1, 'post_date' => '2024-01-05 10:00:00',
		'post_title' => 'About the Gazette', 'post_name' => 'about', 'menu_order' => 1, 'comment_status' => 'closed',
		'post_content' => "<!-- wp:paragraph -->\n<p>The Stock Gazette has covered the river towns since 1998.</p>\n<!-- /wp:paragraph -->"]);
	post(['post_type' => 'page', 'post_author' => 1, 'post_date' => '2024-01-05 10:05:00', 'post_parent' => $about,
		'post_title' => 'Our team', 'post_name' => 'team', 'menu_order' => 2, 'comment_status' => 'closed',
		'post_content' => "<!-- wp:paragraph -->\n<p>Amara Okafor edits; สมชาย ใจดี and ليلى حداد report.</p>\n<!-- /wp:paragraph -->"]);

	// A menu, as Appearance → Menus makes one: the importer skips it.
	$menu = must(wp_create_nav_menu('Main'), 'menu');
	must(wp_update_nav_menu_item($menu, 0, ['menu-item-type' => 'taxonomy', 'menu-item-object' => 'category',
		'menu-item-object-id' => $news, 'menu-item-status' => 'publish']), 'menu item');
	must(wp_update_nav_menu_item($menu, 0, ['menu-item-type' => 'post_type', 'menu-item-object' => 'page',
		'menu-item-object-id' => $about, 'menu-item-status' => 'publish']), 'menu item');
}
