package api_test

import (
	"bytes"
	"net/http"
	"strings"
	"testing"

	"dateline/internal/media"
)

func TestUploadOfRealImages(t *testing.T) {
	d := newDesk(t)
	cases := []struct {
		name     string
		file     []byte
		filename string
		variants []int
	}{
		{"a JPEG photo", photo(t, "jpeg", 700, 400), "Market at dusk.JPG", []int{320, 640}},
		{"a small PNG", photo(t, "png", 40, 30), "chart.png", nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rec := d.call(t, "POST", "/api/v1/media", d.tokens["author"], upload(t, tc.filename, tc.file,
				map[string]string{"alt": "Stalls under coloured lights", "caption": "The market reopened.", "credit": "Photo: Nok"}))
			if rec.Code != http.StatusCreated {
				t.Fatalf("%d %s", rec.Code, rec.Body)
			}
			m := decode[struct {
				ID                        int64
				URL, Alt, Caption, Credit string
				Width, Height             int
				SrcSet                    string
				Variants                  []struct {
					Width int
					URL   string
				}
			}](t, rec)
			if m.ID == 0 || !strings.HasPrefix(m.URL, "https://news.example/media/") || rec.Header().Get("Location") != m.URL ||
				m.Alt != "Stalls under coloured lights" || m.Caption != "The market reopened." || m.Credit != "Photo: Nok" {
				t.Errorf("answer = %+v", m)
			}
			im, err := d.st.ImageByID(t.Context(), m.ID)
			must(t, err)
			if m.Width != im.Width || m.Height != im.Height || len(m.Variants) != len(tc.variants) {
				t.Errorf("size %d×%d with %d variants, stored %d×%d", m.Width, m.Height, len(m.Variants), im.Width, im.Height)
			}
			for i, v := range m.Variants {
				if v.Width != tc.variants[i] || !strings.Contains(m.SrcSet, v.URL+" ") {
					t.Errorf("variant %+v, srcset %q", v, m.SrcSet)
				}
			}
		})
	}
}

func TestHostileAndMistakenUploadsStoreNothing(t *testing.T) {
	d := newDesk(t)
	jpeg := photo(t, "jpeg", 64, 48)
	svg := []byte(`<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>`)
	html := []byte("<!DOCTYPE html><html><body><script>alert(1)</script></body></html>")
	cases := []struct {
		name    string
		body    any
		status  int
		code    string
		field   string
		message string
	}{
		{"an SVG with a script", upload(t, "logo.svg", svg, map[string]string{"alt": "Logo"}), 422, "invalid_file", "file", media.FileNotImage},
		{"HTML renamed .jpg", upload(t, "photo.jpg", html, map[string]string{"alt": "Photo"}), 422, "invalid_file", "file", media.FileNotImage},
		{"a truncated JPEG", upload(t, "cut.jpg", jpeg[:len(jpeg)/2], map[string]string{"alt": "Cut"}), 422, "invalid_file", "file", media.FileDamaged},
		{"a photo without alt text", upload(t, "photo.jpg", jpeg, nil), 422, "invalid_alt", "alt", media.AltMissing},
		{"a form without a file", upload(t, "", nil, map[string]string{"alt": "Nothing"}), 400, "invalid_file", "file", `Choose an image to upload, in the field "file".`},
		{"a form with an unknown field", upload(t, "photo.jpg", jpeg, map[string]string{"alt": "A", "title": "B"}), 400, "unknown_field", "title", ""},
		{"an image larger than the limit", upload(t, "big.jpg", append(bytes.Clone(jpeg), make([]byte, 2<<20)...), map[string]string{"alt": "Big"}),
			413, "too_large", "file", "The image is larger than 2 MB."},
		{"JSON instead of a form", `{"file": "aGVsbG8="}`, 415, "unsupported_media_type", "file", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rec := d.call(t, "POST", "/api/v1/media", d.tokens["editor"], tc.body)
			e := decode[apiError](t, rec)
			if rec.Code != tc.status || e.Error.Code != tc.code || e.Error.Field != tc.field || e.Error.Message == "" ||
				(tc.message != "" && e.Error.Message != tc.message) {
				t.Errorf("%d %+v", rec.Code, e.Error)
			}
			if files := d.files(t); len(files) != 0 {
				t.Errorf("left behind: %v", files)
			}
		})
	}
}
