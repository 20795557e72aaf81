package search

import "testing"

func TestDenseRuns(t *testing.T) {
	for _, tc := range []struct {
		name string
		text string
		want string
	}{
		{"Latin text has no dense runs", "Rice prices rise", ""},
		{"a Thai run keeps its vowels, tone marks and signs", "Floods in น้ำท่วมกรุงเทพฯ today", "น้ำท่วมกรุงเทพฯ"},
		{"runs are separated by one space", "ข้าว rice, and หุ้น!", "ข้าว หุ้น"},
		{"a digit ends a run", "ข้าว2024ราคา", "ข้าว ราคา"},
		{"Chinese, hiragana and katakana are dense", "東京で地震 M6 カタカナ", "東京で地震 カタカナ"},
		{"Lao, Khmer and Burmese are dense", "ລາວ ខ្មែរ မြန်မာ", "ລາວ ខ្មែរ မြန်မာ"},
		{"a combining accent on a Latin letter starts no run", "cafe\u0301 ข้าว", "ข้าว"},
		{"Korean is written with spaces and is not dense", "서울 날씨", ""},
		{"empty text has no runs", "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := denseRuns(tc.text); got != tc.want {
				t.Errorf("denseRuns(%q) = %q, want %q", tc.text, got, tc.want)
			}
		})
	}
}
