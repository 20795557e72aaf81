package weather

import "testing"

// FuzzDecodeCurrent feeds arbitrary bytes to the decoder: it must never
// panic, and whatever it accepts must be a reading we can show.
func FuzzDecodeCurrent(f *testing.F) {
	good := realAnswer(f)
	for _, seed := range []string{
		good,
		good[:len(good)/2],
		editedAnswer(f, `"temperature_2m":29.5`, `"temperature_2m":"29.5"`),
		editedAnswer(f, `"weather_code":2`, `"weather_code":1e30`),
		editedAnswer(f, `"utc_offset_seconds":25200`, `"utc_offset_seconds":-99999999999999999999`),
		`{"current":{}}`, `null`, `[]`, ``,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		r, err := decodeCurrent(body)
		if err != nil {
			return
		}
		if err := r.Validate(); err != nil {
			t.Errorf("accepted %q as %+v: %v", body, r, err)
		}
		if d := newDisplay(r, "Thailand", Fahrenheit); d == nil || d.Icon == "" {
			t.Errorf("accepted %q but cannot show %+v", body, r)
		}
	})
}
