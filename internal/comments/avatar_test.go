package comments

import "testing"

func TestAvatar(t *testing.T) {
	for _, tc := range []struct{ name, initials string }{
		{"Ana Reyes", "AR"},
		{"ana", "A"},
		{"  Lek  Chaiyaporn Somboon ", "LC"},
		{"สมชาย ใจดี", "สใ"},
		{"@nok 99", "N9"},
		{"", "?"},
		{"!!! ???", "?"},
	} {
		initials, color := Avatar(tc.name)
		if initials != tc.initials || color < 0 || color >= AvatarColors {
			t.Errorf("Avatar(%q) = %q, %d; want %q and a colour below %d", tc.name, initials, color, tc.initials, AvatarColors)
		}
	}
	_, a := Avatar("Ana Reyes")
	_, b := Avatar("  ana reyes ")
	if a != b {
		t.Error("one name, written two ways, got two colours")
	}
}
