// Package e2e tests dateline as readers and editors use it: a real
// `dateline serve --demo` process on a loopback port, driven by a real
// headless Chromium (github.com/chromedp/chromedp), with page-quality audits
// in the same run (the Nu Html Checker, axe-core and Lighthouse, from the
// npm packages pinned in package.json).
//
// The package holds tests only. They skip unless DATELINE_E2E=1; once it is
// set, a missing Chromium, Java or node_modules folder fails them with a
// message that says what to install. README.md beside this file says how to
// run them.
package e2e
