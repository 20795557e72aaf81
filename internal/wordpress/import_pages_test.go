package wordpress_test

import (
	"context"
	"slices"
	"testing"

	"dateline/internal/changes"
	"dateline/internal/store"
	"dateline/internal/wordpress"
)

// family is the titles readers see around the WordPress page wpID: its
// parent's and its children's, in order.
func (w *importWorld) family(wpID int64) (parent string, children []string) {
	w.t.Helper()
	p, list, err := w.st.PageFamily(context.Background(), w.article(store.LegacyPage, wpID).ID)
	if err != nil {
		w.t.Fatal(err)
	}
	if p != nil {
		parent = p.Title
	}
	for _, c := range list {
		children = append(children, c.Title)
	}
	return parent, children
}

func TestPagesKeepTheirParentsAndMenuOrder(t *testing.T) {
	pages := []string{
		page(21, 20, 3, "Jobs", "/about/jobs/"), // before its parent in the file
		page(20, 0, 1, "About", "/about/"),
		page(22, 20, 1, "Our team", "/about/our-team/"),
		page(23, 22, 0, "Editors", "/about/our-team/editors/"),
		page(24, 20, 2, "History", "/about/history/"),
		page(25, 99, 0, "Lost child", "/gone/lost-child/"), // its parent is not in the file
		page(26, 27, 0, "Loop one", "/loop-two/loop-one/"),
		page(27, 26, 0, "Loop two", "/loop-one/loop-two/"),
	}
	w := newImportWorld(t)
	sum, err := w.importBytes(exportWith(pages...), wordpress.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if parent, children := w.family(20); parent != "" || !slices.Equal(children, []string{"Our team", "History", "Jobs"}) {
		t.Errorf("About: parent %q, pages %v; want none, and its pages by menu order", parent, children)
	}
	if parent, children := w.family(22); parent != "About" || !slices.Equal(children, []string{"Editors"}) {
		t.Errorf("Our team: parent %q, pages %v", parent, children)
	}
	if parent, _ := w.family(21); parent != "About" {
		t.Errorf("Jobs, given before its parent: parent %q, want About", parent)
	}
	if parent, _ := w.family(25); parent != "" {
		t.Errorf("a page whose parent is not in the file stands under %q", parent)
	}
	mustWarn(t, sum, 25, wordpress.WarnParent, "its parent page 99 is not in the export")
	one, _ := w.family(26)
	two, _ := w.family(27)
	if one != "Loop two" || two != "" {
		t.Errorf("a loop of two pages: under %q and %q; want the first placed, the second refused", one, two)
	}
	mustWarn(t, sum, 27, wordpress.WarnParent, "it cannot stand under page 26 here")
	w.consistent()

	// The child's old address, under its parent's, leads to it.
	if l, err := w.st.LegacyByPath(context.Background(), "/about/our-team/editors"); err != nil || l.ID != w.article(store.LegacyPage, 23).ID {
		t.Errorf("the old nested address = %+v, %v", l, err)
	}

	// Again: nothing to change, nothing announced.
	before := w.dump()
	w.seen.Take()
	again, err := w.importBytes(exportWith(pages...), wordpress.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	nothingChanged(t, again)
	if d := changed(before, w.dump()); len(d) > 0 {
		t.Errorf("the second import changed %v", d)
	}
	if ev := w.seen.Take(); len(ev) != 0 {
		t.Errorf("the second import announced %+v", ev)
	}

	// Reordered in WordPress, and Jobs moved to the top: only the places
	// change, and they are announced.
	pages[0] = page(21, 0, 5, "Jobs", "/jobs/")
	pages[4] = page(24, 20, 0, "History", "/about/history/")
	if _, err := w.importBytes(exportWith(pages...), wordpress.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, children := w.family(20); !slices.Equal(children, []string{"History", "Our team"}) {
		t.Errorf("About's pages after the reorder: %v", children)
	}
	arranged := false
	for _, e := range w.seen.Take() {
		arranged = arranged || (e.Action == "arrange" && slices.Contains(e.Tags, changes.Pages))
	}
	if !arranged {
		t.Error("the new places were not announced")
	}
}
