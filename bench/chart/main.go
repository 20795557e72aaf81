// Command chart draws the load benchmark's results (bench/run.sh) as an
// SVG bar chart: one horizontal bar a case, its length the requests a
// second, coloured by what served it (dateline, a reference, nginx).
//
// Usage: chart RESULTS.tsv TITLE > chart.svg
//
// Each line of RESULTS.tsv is "label<TAB>requests/s<TAB>kind", kind one of
// dateline, reference, nginx or mixed; other lines are skipped.
package main

import (
	"bufio"
	"fmt"
	"html"
	"io"
	"math"
	"os"
	"strconv"
	"strings"
)

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: chart RESULTS.tsv TITLE > chart.svg")
		os.Exit(2)
	}
	f, err := os.Open(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, "chart:", err)
		os.Exit(1)
	}
	defer f.Close()
	bars, err := read(f)
	if err == nil && len(bars) == 0 {
		err = fmt.Errorf("%s holds no results", os.Args[1])
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "chart:", err)
		os.Exit(1)
	}
	w := bufio.NewWriter(os.Stdout)
	draw(w, os.Args[2], bars)
	if err := w.Flush(); err != nil {
		fmt.Fprintln(os.Stderr, "chart:", err)
		os.Exit(1)
	}
}

type bar struct {
	label string
	rps   float64
	kind  string
}

func read(r io.Reader) ([]bar, error) {
	var bars []bar
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		parts := strings.Split(sc.Text(), "\t")
		if len(parts) != 3 {
			continue
		}
		v, err := strconv.ParseFloat(parts[1], 64)
		if err != nil || v < 0 || math.IsInf(v, 0) || math.IsNaN(v) {
			continue
		}
		bars = append(bars, bar{label: parts[0], rps: v, kind: parts[2]})
	}
	return bars, sc.Err()
}

var colours = map[string]string{
	"dateline":  "#1f5fa8",
	"reference": "#9aa5b1",
	"nginx":     "#2e8b57",
	"mixed":     "#c76b1b",
}

// draw writes the chart: labels on the left, bars scaled to the largest
// value, each value at its bar's end, a legend at the bottom.
func draw(w io.Writer, title string, bars []bar) {
	const (
		labelW, barW, rowH, top, pad = 380, 420, 24, 48, 12
	)
	peak := 0.0
	for _, b := range bars {
		peak = max(peak, b.rps)
	}
	if peak == 0 {
		peak = 1
	}
	// A round scale: 1, 2 or 5 times a power of ten, with 3 to 8 steps.
	base := math.Pow(10, math.Floor(math.Log10(peak))-1)
	step := base * 10
	for _, m := range []float64{1, 2, 5, 10} {
		if peak/(base*m) <= 8 {
			step = base * m
			break
		}
	}
	scaleMax := math.Ceil(peak/step) * step
	width := labelW + barW + 90
	height := top + len(bars)*rowH + 64
	fmt.Fprintf(w, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" font-family="DejaVu Sans, Liberation Sans, Arial, sans-serif" font-size="12">`+"\n",
		width, height, width, height)
	fmt.Fprintf(w, `<rect width="100%%" height="100%%" fill="#ffffff"/>`+"\n")
	fmt.Fprintf(w, `<text x="%d" y="22" font-size="14" font-weight="bold">%s</text>`+"\n", pad, html.EscapeString(title))
	fmt.Fprintf(w, `<text x="%d" y="38" fill="#555">requests per second, higher is better</text>`+"\n", pad)
	for v := 0.0; v <= scaleMax+step/2; v += step {
		x := labelW + int(v/scaleMax*barW)
		fmt.Fprintf(w, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#e3e6ea"/>`+"\n", x, top-4, x, top+len(bars)*rowH)
		fmt.Fprintf(w, `<text x="%d" y="%d" text-anchor="middle" fill="#555">%s</text>`+"\n", x, top+len(bars)*rowH+16, short(v))
	}
	for i, b := range bars {
		y := top + i*rowH
		colour, ok := colours[b.kind]
		if !ok {
			colour = colours["reference"]
		}
		length := int(math.Round(b.rps / scaleMax * barW))
		fmt.Fprintf(w, `<text x="%d" y="%d" text-anchor="end">%s</text>`+"\n", labelW-8, y+rowH/2+4, html.EscapeString(b.label))
		fmt.Fprintf(w, `<rect x="%d" y="%d" width="%d" height="%d" fill="%s"/>`+"\n", labelW, y+4, max(length, 1), rowH-8, colour)
		fmt.Fprintf(w, `<text x="%d" y="%d" fill="#222">%s</text>`+"\n", labelW+length+6, y+rowH/2+4, thousands(b.rps))
	}
	x, y := pad, height-16
	for _, k := range []struct{ kind, name string }{
		{"dateline", "dateline"}, {"reference", "minimal net/http handler, same bytes"},
		{"nginx", "nginx"}, {"mixed", "dateline under a mixed or breaking-news load"},
	} {
		fmt.Fprintf(w, `<rect x="%d" y="%d" width="12" height="12" fill="%s"/><text x="%d" y="%d">%s</text>`+"\n",
			x, y-10, colours[k.kind], x+16, y, html.EscapeString(k.name))
		x += 16 + 7*len(k.name) + 18
	}
	fmt.Fprintln(w, "</svg>")
}

// short writes a scale value: 0, 500, 10k, 1.5M.
func short(v float64) string {
	switch {
	case v >= 1e6:
		return strconv.FormatFloat(v/1e6, 'f', -1, 64) + "M"
	case v >= 1e3:
		return strconv.FormatFloat(v/1e3, 'f', -1, 64) + "k"
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// thousands writes a rate rounded to a whole number with thousands
// separators: 25,213.
func thousands(v float64) string {
	s := strconv.FormatInt(int64(math.Round(v)), 10)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}
