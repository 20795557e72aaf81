package demo

// This file draws the demo newsroom's "photographs": flat editorial
// illustrations painted procedurally with the standard library only.
//
// Everything is built from filled polygons. A small exact-area rasteriser
// (signed-area accumulation, as used by font renderers) gives antialiased
// edges at roughly the cost of a scanline fill, so a 1600×900 picture with a
// few hundred shapes takes tens of milliseconds. Shapes are flat colours or
// vertical gradients, which keeps the pictures smooth and cheap to JPEG.

import (
	"image"
	"math"
)

// Scenes lists the scene names Draw understands.
var Scenes = []string{"city", "river", "mountains", "sea", "market", "stadium", "chart-rise", "chart-fall", "forest", "rain", "night", "temple", "fields"}

// Draw paints the named scene at width×height. The same scene, seed and size
// always give the same picture; different seeds vary colours and shapes.
// An unknown scene name draws a plain gradient landscape, never panics.
//
// A width or height below 1 gives an empty image (zero bounds); any positive
// size, however small, gives a fully painted, opaque image of that size.
// Shapes are laid out in proportion to the picture, so the composition is
// meant for landscape sizes near 16:9.
func Draw(scene string, seed uint64, width, height int) *image.RGBA {
	if width <= 0 || height <= 0 {
		return image.NewRGBA(image.Rectangle{})
	}
	c := newCanvas(width, height)
	r := newArtRand(seed, scene)
	switch scene {
	case "city":
		drawCity(c, r)
	case "river":
		drawRiver(c, r)
	case "mountains":
		drawMountains(c, r)
	case "sea":
		drawSea(c, r)
	case "market":
		drawMarket(c, r)
	case "stadium":
		drawStadium(c, r)
	case "chart-rise", "chart-fall":
		drawChart(c, r, scene == "chart-rise")
	case "forest":
		drawForest(c, r)
	case "rain":
		drawRain(c, r)
	case "night":
		drawNight(c, r)
	case "temple":
		drawTemple(c, r)
	case "fields":
		drawFields(c, r)
	default:
		drawPlain(c, r)
	}
	return c.img
}

// ---------------------------------------------------------------------------
// Random numbers: splitmix64, so pictures never change with the Go release.

type artRand struct{ s uint64 }

func newArtRand(seed uint64, scene string) *artRand {
	h := uint64(14695981039346656037) // FNV-1a of the scene name
	for i := 0; i < len(scene); i++ {
		h ^= uint64(scene[i])
		h *= 1099511628211
	}
	return &artRand{s: seed*0x9E3779B97F4A7C15 ^ h}
}

func (r *artRand) u64() uint64 {
	r.s += 0x9E3779B97F4A7C15
	z := r.s
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9
	z = (z ^ (z >> 27)) * 0x94D049BB133111EB
	return z ^ (z >> 31)
}

// f returns a float in [0, 1).
func (r *artRand) f() float64 { return float64(r.u64()>>11) / (1 << 53) }

// between returns a float in [a, b).
func (r *artRand) between(a, b float64) float64 { return a + (b-a)*r.f() }

// intn returns an int in [0, n), or 0 when n < 1.
func (r *artRand) intn(n int) int {
	if n < 1 {
		return 0
	}
	return int(r.u64() % uint64(n))
}

func (r *artRand) chance(p float64) bool { return r.f() < p }

// palette picks one of the palettes and turns its hues a few degrees, so
// two seeds with the same palette still differ a little.
func (r *artRand) palette(options [][]uint32) []rgb {
	p := options[r.intn(len(options))]
	turn := r.between(-8, 8)
	out := make([]rgb, len(p))
	for i, v := range p {
		out[i] = hexRGB(v).hue(turn)
	}
	return out
}

// ---------------------------------------------------------------------------
// Colours.

// rgb is a colour with channels in 0..255.
type rgb struct{ r, g, b float64 }

func hexRGB(v uint32) rgb {
	return rgb{float64(v >> 16 & 0xff), float64(v >> 8 & 0xff), float64(v & 0xff)}
}

func lerpRGB(a, b rgb, t float64) rgb {
	return rgb{a.r + (b.r-a.r)*t, a.g + (b.g-a.g)*t, a.b + (b.b-a.b)*t}
}

// scale multiplies the channels: below 1 darkens, above 1 lightens.
func (c rgb) scale(f float64) rgb { return rgb{c.r * f, c.g * f, c.b * f} }

// hue turns the colour's hue by deg degrees, keeping saturation and value.
func (c rgb) hue(deg float64) rgb {
	r, g, b := c.r/255, c.g/255, c.b/255
	mx, mn := max(r, g, b), min(r, g, b)
	d := mx - mn
	if d == 0 || deg == 0 {
		return c
	}
	var h float64
	switch mx {
	case r:
		h = math.Mod((g-b)/d, 6)
	case g:
		h = (b-r)/d + 2
	default:
		h = (r-g)/d + 4
	}
	h = math.Mod(h*60+deg, 360)
	if h < 0 {
		h += 360
	}
	s, v := d/mx, mx
	ch := v * s
	x := ch * (1 - math.Abs(math.Mod(h/60, 2)-1))
	m := v - ch
	var rr, gg, bb float64
	switch {
	case h < 60:
		rr, gg, bb = ch, x, 0
	case h < 120:
		rr, gg, bb = x, ch, 0
	case h < 180:
		rr, gg, bb = 0, ch, x
	case h < 240:
		rr, gg, bb = 0, x, ch
	case h < 300:
		rr, gg, bb = x, 0, ch
	default:
		rr, gg, bb = ch, 0, x
	}
	return rgb{(rr + m) * 255, (gg + m) * 255, (bb + m) * 255}
}

func to8(v float64) uint8 {
	switch {
	case v <= 0:
		return 0
	case v >= 255:
		return 255
	}
	return uint8(v + 0.5)
}

// colWhite is pure white.
func colWhite() rgb { return rgb{255, 255, 255} }

// gstop is one colour of a gradient at position t.
type gstop struct {
	t float64
	c rgb
}

func gradAt(stops []gstop, t float64) rgb {
	if len(stops) == 0 {
		return rgb{}
	}
	if t <= stops[0].t {
		return stops[0].c
	}
	for i := 1; i < len(stops); i++ {
		if t <= stops[i].t {
			a, b := stops[i-1], stops[i]
			if b.t <= a.t {
				return b.c
			}
			k := (t - a.t) / (b.t - a.t)
			k = k * k * (3 - 2*k) // smooth, no visible kinks between stops
			return lerpRGB(a.c, b.c, k)
		}
	}
	return stops[len(stops)-1].c
}

// paint is how a shape is filled: a colour and opacity that may change
// linearly from y0 (c0, a0) to y1 (c1, a1).
type paint struct {
	c0, c1 rgb
	a0, a1 float64
	y0, y1 float64
}

func solid(c rgb) paint { return paint{c0: c, c1: c, a0: 1, a1: 1} }

// vgrad fades from colour a at y0 to colour b at y1.
func vgrad(a, b rgb, y0, y1 float64) paint {
	return paint{c0: a, c1: b, a0: 1, a1: 1, y0: y0, y1: y1}
}

// fade is one colour whose opacity goes from a0 at y0 to a1 at y1.
func fade(c rgb, a0, a1, y0, y1 float64) paint {
	return paint{c0: c, c1: c, a0: a0, a1: a1, y0: y0, y1: y1}
}

func (p paint) alpha(a float64) paint {
	p.a0 *= a
	p.a1 *= a
	return p
}

func (p paint) at(y float64) (rgb, float64) {
	if p.y1 == p.y0 {
		return p.c0, p.a0
	}
	t := min(1, max(0, (y-p.y0)/(p.y1-p.y0)))
	return lerpRGB(p.c0, p.c1, t), p.a0 + (p.a1-p.a0)*t
}

// ---------------------------------------------------------------------------
// Canvas and rasteriser.

type pt struct{ x, y float64 }

type canvas struct {
	img    *image.RGBA
	w, h   int
	W, H   float64
	u      float64 // one design pixel: the picture is designed at 1600×900
	acc    []float32
	stride int
	// dirty box of acc, in cells: [x0, x1) × [y0, y1)
	x0, x1, y0, y1 int
}

func newCanvas(w, h int) *canvas {
	c := &canvas{
		img:    image.NewRGBA(image.Rect(0, 0, w, h)),
		w:      w,
		h:      h,
		W:      float64(w),
		H:      float64(h),
		stride: w + 2,
	}
	c.u = math.Sqrt(c.W * c.H / (1600 * 900))
	c.acc = make([]float32, c.stride*h)
	c.resetBox()
	return c
}

func (c *canvas) resetBox() {
	c.x0, c.y0 = math.MaxInt, math.MaxInt
	c.x1, c.y1 = -1, -1
}

// sky fills the whole canvas with a vertical gradient; t runs 0..1 top to
// bottom.
func (c *canvas) sky(stops ...gstop) {
	for y := 0; y < c.h; y++ {
		col := gradAt(stops, (float64(y)+0.5)/c.H)
		r, g, b := to8(col.r), to8(col.g), to8(col.b)
		row := c.img.Pix[y*c.img.Stride : y*c.img.Stride+4*c.w]
		for i := 0; i < len(row); i += 4 {
			row[i], row[i+1], row[i+2], row[i+3] = r, g, b, 255
		}
	}
}

// glow adds a soft elliptical light: opacity strength at the centre, falling
// smoothly to nothing at the ellipse's edge.
func (c *canvas) glow(cx, cy, rx, ry float64, col rgb, strength float64) {
	c.glowTilted(cx, cy, rx, ry, 0, col, strength)
}

// glowTilted is glow with the ellipse turned by ang radians.
func (c *canvas) glowTilted(cx, cy, rx, ry, ang float64, col rgb, strength float64) {
	if rx <= 0 || ry <= 0 || strength <= 0 {
		return
	}
	ext := max(rx, ry)
	if ang == 0 {
		ext = rx
	}
	x0, x1 := max(0, int(cx-ext)), min(c.w, int(cx+ext)+1)
	if ang == 0 {
		ext = ry
	}
	y0, y1 := max(0, int(cy-ext)), min(c.h, int(cy+ext)+1)
	sa, ca := math.Sin(ang), math.Cos(ang)
	cr, cg, cb := float32(col.r), float32(col.g), float32(col.b)
	for y := y0; y < y1; y++ {
		py := float64(y) + 0.5 - cy
		pix := c.img.Pix[y*c.img.Stride:]
		// Along the row, the rotated coordinates change linearly.
		px := float64(x0) + 0.5 - cx
		u, v := (px*ca+py*sa)/rx, (-px*sa+py*ca)/ry
		du, dv := ca/rx, -sa/ry
		for x := x0; x < x1; x, u, v = x+1, u+du, v+dv {
			q := u*u + v*v
			if q >= 1 {
				continue
			}
			a := float32(strength * (1 - q) * (1 - q))
			i := 4 * x
			pix[i] = blend8(pix[i], cr, a)
			pix[i+1] = blend8(pix[i+1], cg, a)
			pix[i+2] = blend8(pix[i+2], cb, a)
		}
	}
}

func blend8(d uint8, s, a float32) uint8 {
	v := float32(d) + (s-float32(d))*a + 0.5
	if v >= 255 {
		return 255
	}
	if v <= 0 {
		return 0
	}
	return uint8(v)
}

// fill paints the union of the polygons. Each polygon is closed implicitly;
// orientation does not matter (overlaps add up, holes are not supported).
func (c *canvas) fill(p paint, polys ...[]pt) {
	for _, poly := range polys {
		c.addPoly(poly)
	}
	if c.x1 < 0 {
		c.resetBox()
		return
	}
	x0, x1 := c.x0, min(c.x1, c.stride)
	for y := c.y0; y < c.y1; y++ {
		col, a := p.at(float64(y) + 0.5)
		af := float32(min(1, max(0, a)))
		cr, cg, cb := float32(col.r), float32(col.g), float32(col.b)
		r8, g8, b8 := to8(col.r), to8(col.g), to8(col.b)
		row := c.acc[y*c.stride : (y+1)*c.stride]
		pix := c.img.Pix[y*c.img.Stride:]
		var s float32
		for x := x0; x < x1; x++ {
			s += row[x]
			row[x] = 0
			if x >= c.w {
				continue
			}
			cov := s
			if cov < 0 {
				cov = -cov
			}
			if cov > 1 {
				cov = 1
			}
			cov *= af
			if cov < 1.0/512 {
				continue
			}
			i := 4 * x
			if cov > 0.998 {
				pix[i], pix[i+1], pix[i+2] = r8, g8, b8
				continue
			}
			pix[i] = blend8(pix[i], cr, cov)
			pix[i+1] = blend8(pix[i+1], cg, cov)
			pix[i+2] = blend8(pix[i+2], cb, cov)
		}
	}
	c.resetBox()
}

func isFinite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// addPoly accumulates a polygon's edges, all turned the same way so that
// overlapping polygons of one fill make a union.
func (c *canvas) addPoly(p []pt) {
	n := len(p)
	if n < 3 {
		return
	}
	area := 0.0
	for i := range p {
		a, b := p[i], p[(i+1)%n]
		if !isFinite(a.x) || !isFinite(a.y) {
			return
		}
		area += a.x*b.y - b.x*a.y
	}
	if area >= 0 {
		for i := 0; i < n; i++ {
			c.edge(p[i], p[(i+1)%n])
		}
	} else {
		for i := 0; i < n; i++ {
			c.edge(p[(i+1)%n], p[i])
		}
	}
}

// edge clips a line horizontally to the canvas (parts outside are pressed
// onto the border, which keeps the winding right) and rasterises it.
func (c *canvas) edge(a, b pt) {
	if a.y == b.y {
		return
	}
	if (a.x < 0 && b.x > 0) || (a.x > 0 && b.x < 0) {
		t := -a.x / (b.x - a.x)
		m := pt{0, a.y + (b.y-a.y)*t}
		c.edge(a, m)
		c.edge(m, b)
		return
	}
	if (a.x < c.W && b.x > c.W) || (a.x > c.W && b.x < c.W) {
		t := (c.W - a.x) / (b.x - a.x)
		m := pt{c.W, a.y + (b.y-a.y)*t}
		c.edge(a, m)
		c.edge(m, b)
		return
	}
	a.x = min(c.W, max(0, a.x))
	b.x = min(c.W, max(0, b.x))
	c.line(a, b)
}

// line adds the signed area a line leaves to its right into the
// accumulation buffer (after Raph Levien's font-rs).
func (c *canvas) line(p0, p1 pt) {
	dir := float32(1)
	if p0.y > p1.y {
		dir = -1
		p0, p1 = p1, p0
	}
	if p1.y <= 0 || p0.y >= c.H {
		return
	}
	dxdy := (p1.x - p0.x) / (p1.y - p0.y)
	ys, ye := max(p0.y, 0), min(p1.y, c.H)
	x := p0.x + (ys-p0.y)*dxdy
	iy0 := int(ys)
	iy1 := min(c.h, int(math.Ceil(ye)))
	c.y0 = min(c.y0, iy0)
	c.y1 = max(c.y1, iy1)
	for y := iy0; y < iy1; y++ {
		dy := min(float64(y+1), ye) - max(float64(y), ys)
		xn := x + dxdy*dy
		d := float32(dy) * dir
		xa, xb := min(x, xn), max(x, xn)
		xa = min(c.W, max(0, xa))
		xb = min(c.W, max(0, xb))
		row := c.acc[y*c.stride : (y+1)*c.stride]
		fa := math.Floor(xa)
		ia := int(fa)
		ib := int(math.Ceil(xb))
		if ib <= ia+1 {
			xm := float32(0.5*(xa+xb) - fa)
			row[ia] += d - d*xm
			row[ia+1] += d * xm
			ib = ia + 1
		} else {
			s := 1 / (xb - xa)
			xaf := xa - fa
			a0 := 0.5 * s * (1 - xaf) * (1 - xaf)
			xbf := xb - float64(ib) + 1
			am := 0.5 * s * xbf * xbf
			row[ia] += d * float32(a0)
			if ib == ia+2 {
				row[ia+1] += d * float32(1-a0-am)
			} else {
				a1 := s * (1.5 - xaf)
				row[ia+1] += d * float32(a1-a0)
				ds := d * float32(s)
				for xi := ia + 2; xi < ib-1; xi++ {
					row[xi] += ds
				}
				a2 := a1 + float64(ib-ia-3)*s
				row[ib-1] += d * float32(1-a2-am)
			}
			row[ib] += d * float32(am)
		}
		c.x0 = min(c.x0, ia)
		c.x1 = max(c.x1, ib+1)
		x = xn
	}
}

// artLayer is a set of polygons with their paint, kept so a group of shapes can
// be drawn twice (for a reflection in water, say).
type artLayer struct {
	p     paint
	polys [][]pt
}

func (c *canvas) draw(ls []artLayer) {
	for _, l := range ls {
		c.fill(l.p, l.polys...)
	}
}

// mirror flips layers about the horizontal line y = axis and multiplies their
// opacity by alpha.
func mirror(ls []artLayer, axis, alpha float64) []artLayer {
	out := make([]artLayer, len(ls))
	for i, l := range ls {
		p := l.p.alpha(alpha)
		p.y0, p.y1 = 2*axis-p.y0, 2*axis-p.y1
		polys := make([][]pt, len(l.polys))
		for j, poly := range l.polys {
			q := make([]pt, len(poly))
			for k, v := range poly {
				q[k] = pt{v.x, 2*axis - v.y}
			}
			polys[j] = q
		}
		out[i] = artLayer{p, polys}
	}
	return out
}

// ---------------------------------------------------------------------------
// Shapes. All return polygons in canvas pixels.

func rect(x0, y0, x1, y1 float64) []pt {
	return []pt{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}}
}

func arcSteps(rx, ry float64) int {
	return int(min(160, max(10, math.Sqrt(max(rx, ry))*7)))
}

func ellipse(cx, cy, rx, ry float64) []pt {
	return arc(cx, cy, rx, ry, 0, 2*math.Pi, arcSteps(rx, ry))
}

func circle(cx, cy, r float64) []pt { return ellipse(cx, cy, r, r) }

// arc samples an elliptical arc from angle a0 to a1 (radians; y points down,
// so angles between π and 2π are above the centre) with n segments.
func arc(cx, cy, rx, ry, a0, a1 float64, n int) []pt {
	n = max(n, 1)
	out := make([]pt, n+1)
	for i := range out {
		a := a0 + (a1-a0)*float64(i)/float64(n)
		out[i] = pt{cx + rx*math.Cos(a), cy + ry*math.Sin(a)}
	}
	return out
}

func roundRect(x0, y0, x1, y1, rad float64) []pt {
	rad = min(rad, (x1-x0)/2, (y1-y0)/2)
	if rad <= 0 {
		return rect(x0, y0, x1, y1)
	}
	n := 6
	var out []pt
	out = append(out, arc(x1-rad, y0+rad, rad, rad, -math.Pi/2, 0, n)...)
	out = append(out, arc(x1-rad, y1-rad, rad, rad, 0, math.Pi/2, n)...)
	out = append(out, arc(x0+rad, y1-rad, rad, rad, math.Pi/2, math.Pi, n)...)
	out = append(out, arc(x0+rad, y0+rad, rad, rad, math.Pi, 1.5*math.Pi, n)...)
	return out
}

func quadBez(p0, p1, p2 pt, n int) []pt {
	n = max(n, 1)
	out := make([]pt, n+1)
	for i := range out {
		t := float64(i) / float64(n)
		a, b, d := (1-t)*(1-t), 2*(1-t)*t, t*t
		out[i] = pt{a*p0.x + b*p1.x + d*p2.x, a*p0.y + b*p1.y + d*p2.y}
	}
	return out
}

// smooth passes a Catmull-Rom spline through the points, sub steps apart.
func catmull(p []pt, sub int) []pt {
	if len(p) < 3 || sub < 2 {
		return p
	}
	var out []pt
	for i := 0; i < len(p)-1; i++ {
		p0, p1, p2, p3 := p[max(i-1, 0)], p[i], p[i+1], p[min(i+2, len(p)-1)]
		for s := 0; s < sub; s++ {
			t := float64(s) / float64(sub)
			t2, t3 := t*t, t*t*t
			f := func(a, b, c, d float64) float64 {
				return 0.5 * (2*b + (-a+c)*t + (2*a-5*b+4*c-d)*t2 + (-a+3*b-3*c+d)*t3)
			}
			out = append(out, pt{f(p0.x, p1.x, p2.x, p3.x), f(p0.y, p1.y, p2.y, p3.y)})
		}
	}
	return append(out, p[len(p)-1])
}

// ribbonW outlines a stroke along pts whose full width at point i is ws[i].
func ribbonW(pts []pt, ws []float64) []pt {
	n := len(pts)
	if n < 2 {
		return nil
	}
	out := make([]pt, 2*n)
	var nx, ny float64
	for i := range pts {
		var dx, dy float64
		if i > 0 {
			ex, ey := pts[i].x-pts[i-1].x, pts[i].y-pts[i-1].y
			if l := math.Hypot(ex, ey); l > 0 {
				dx, dy = dx+ex/l, dy+ey/l
			}
		}
		if i < n-1 {
			ex, ey := pts[i+1].x-pts[i].x, pts[i+1].y-pts[i].y
			if l := math.Hypot(ex, ey); l > 0 {
				dx, dy = dx+ex/l, dy+ey/l
			}
		}
		if l := math.Hypot(dx, dy); l > 0 {
			nx, ny = -dy/l, dx/l
		}
		h := ws[i] / 2
		out[i] = pt{pts[i].x + nx*h, pts[i].y + ny*h}
		out[2*n-1-i] = pt{pts[i].x - nx*h, pts[i].y - ny*h}
	}
	return out
}

// ribbon is a stroke along pts whose width goes linearly from w0 to w1.
func ribbon(pts []pt, w0, w1 float64) []pt {
	ws := make([]float64, len(pts))
	for i := range ws {
		t := 0.0
		if len(pts) > 1 {
			t = float64(i) / float64(len(pts)-1)
		}
		ws[i] = w0 + (w1-w0)*t
	}
	return ribbonW(pts, ws)
}

// taper is a stroke that is thickest (w) in the middle and pointed at both
// ends, like a brush mark or a leaf.
func taper(pts []pt, w float64) []pt {
	ws := make([]float64, len(pts))
	for i := range ws {
		t := float64(i) / float64(max(1, len(pts)-1))
		ws[i] = w * math.Pow(math.Sin(math.Pi*t), 0.7)
	}
	return ribbonW(pts, ws)
}

// seg is a straight stroke of width w from a to b.
func segment(a, b pt, w float64) []pt { return ribbon([]pt{a, b}, w, w) }

// dashes cuts a polyline into dashes on long with gaps off long.
func dashes(pts []pt, on, off float64) [][]pt {
	if on <= 0 || off < 0 {
		return nil
	}
	var out [][]pt
	var cur []pt
	drawing := true
	left := on
	for i := 0; i+1 < len(pts); i++ {
		a, b := pts[i], pts[i+1]
		l := math.Hypot(b.x-a.x, b.y-a.y)
		t := 0.0
		if drawing && len(cur) == 0 {
			cur = append(cur, a)
		}
		for l > 0 && (1-t)*l > left {
			t += left / l
			p := pt{a.x + (b.x-a.x)*t, a.y + (b.y-a.y)*t}
			if drawing {
				out = append(out, append(cur, p))
				cur = nil
				left = off
			} else {
				cur = []pt{p}
				left = on
			}
			drawing = !drawing
			if len(out) > 10000 {
				return out
			}
		}
		left -= (1 - t) * l
		if drawing {
			cur = append(cur, b)
		}
	}
	if drawing && len(cur) > 1 {
		out = append(out, cur)
	}
	return out
}

// waveFn is a smooth random function made of a few sines.
type waveFn struct{ f, ph, a []float64 }

// newWave makes n sines; the first has about `cycles` periods across span.
func newWaveFn(r *artRand, n int, cycles, span float64) waveFn {
	var w waveFn
	total := 0.0
	for i := 0; i < n; i++ {
		k := float64(i + 1)
		w.f = append(w.f, 2*math.Pi*cycles*k*r.between(0.75, 1.3)/max(span, 1e-9))
		w.ph = append(w.ph, r.between(0, 2*math.Pi))
		a := 1 / math.Pow(k, 1.3)
		w.a = append(w.a, a)
		total += a
	}
	for i := range w.a {
		w.a[i] /= total
	}
	return w
}

// at returns a value in [-1, 1].
func (w waveFn) at(x float64) float64 {
	v := 0.0
	for i := range w.f {
		v += w.a[i] * math.Sin(x*w.f[i]+w.ph[i])
	}
	return v
}

// midpoint makes a jagged profile by midpoint displacement: 2^levels+1
// values, roughly in [-1, 1].
func midpoint(r *artRand, levels int, rough float64) []float64 {
	n := 1 << levels
	v := make([]float64, n+1)
	v[0], v[n] = r.between(-0.5, 0.5), r.between(-0.5, 0.5)
	amp := 1.0
	for step := n; step > 1; step /= 2 {
		for i := step / 2; i < n; i += step {
			v[i] = (v[i-step/2]+v[i+step/2])/2 + r.between(-amp, amp)
		}
		amp *= rough
	}
	lo, hi := v[0], v[0]
	for _, x := range v {
		lo, hi = min(lo, x), max(hi, x)
	}
	if hi > lo {
		for i := range v {
			v[i] = (v[i]-lo)/(hi-lo)*2 - 1
		}
	}
	return v
}

// sample reads a profile made by midpoint at t in [0, 1], linearly.
func sampleProfile(v []float64, t float64) float64 {
	t = min(1, max(0, t)) * float64(len(v)-1)
	i := min(int(t), len(v)-2)
	f := t - float64(i)
	return v[i]*(1-f) + v[i+1]*f
}

// profile outlines the area below the curve y = top(x) across the canvas.
func (c *canvas) profile(top func(x float64) float64) []pt {
	n := int(min(400, max(8, c.W/5)))
	out := make([]pt, 0, n+3)
	for i := 0; i <= n; i++ {
		x := -2 + (c.W+4)*float64(i)/float64(n)
		out = append(out, pt{x, top(x)})
	}
	return append(out, pt{c.W + 2, c.H + 2}, pt{-2, c.H + 2})
}

// band outlines the area between the curves y = a(x) and y = b(x).
func (c *canvas) band(a, b func(x float64) float64) []pt {
	n := int(min(300, max(8, c.W/6)))
	out := make([]pt, 0, 2*n+2)
	for i := 0; i <= n; i++ {
		x := -2 + (c.W+4)*float64(i)/float64(n)
		out = append(out, pt{x, a(x)})
	}
	for i := n; i >= 0; i-- {
		x := -2 + (c.W+4)*float64(i)/float64(n)
		out = append(out, pt{x, b(x)})
	}
	return out
}

// curve samples y = f(x) between x0 and x1.
func curveOf(f func(x float64) float64, x0, x1 float64, n int) []pt {
	n = max(n, 1)
	out := make([]pt, n+1)
	for i := range out {
		x := x0 + (x1-x0)*float64(i)/float64(n)
		out[i] = pt{x, f(x)}
	}
	return out
}

// ---------------------------------------------------------------------------
// Reusable motifs.

// cloud is a flat-bottomed cartoon cloud about 3.4·s wide.
func cloud(r *artRand, cx, cy, s float64) [][]pt {
	out := [][]pt{roundRect(cx-1.7*s, cy-0.3*s, cx+1.7*s, cy+0.3*s, 0.3*s)}
	n := 2 + r.intn(3)
	for i := 0; i < n; i++ {
		t := (float64(i) + 0.5) / float64(n)
		x := cx - 1.2*s + 2.4*s*t
		rad := s * r.between(0.45, 0.8) * (1 - 0.5*math.Abs(t-0.5))
		out = append(out, circle(x, cy+0.3*s-rad, rad))
	}
	return out
}

// bird is a gull seen from afar, s wide.
func bird(x, y, s float64, flap float64) []pt {
	lt, rt := pt{x - s/2, y - s*0.18*flap}, pt{x + s/2, y - s*0.18*flap}
	var out []pt
	out = append(out, quadBez(lt, pt{x - s*0.22, y - s*0.32*flap}, pt{x, y}, 8)...)
	out = append(out, quadBez(pt{x, y}, pt{x + s*0.22, y - s*0.32*flap}, rt, 8)[1:]...)
	out = append(out, quadBez(rt, pt{x + s*0.2, y - s*0.14*flap}, pt{x, y + s*0.09}, 8)[1:]...)
	out = append(out, quadBez(pt{x, y + s*0.09}, pt{x - s*0.2, y - s*0.14*flap}, lt, 8)[1:]...)
	return out
}

func (c *canvas) birds(r *artRand, col rgb, n int, x0, x1, y0, y1, size float64) {
	var polys [][]pt
	for i := 0; i < n; i++ {
		polys = append(polys, bird(r.between(x0, x1), r.between(y0, y1), size*r.between(0.7, 1.2), r.between(0.6, 1.3)))
	}
	c.fill(solid(col), polys...)
}

// pine is a stylised fir tree standing at (x, y), h tall and w wide.
func pine(x, y, h, w float64, tiers int) []pt {
	tiers = max(tiers, 2)
	top := y - h
	body := h * 0.88
	right := []pt{{x, top}}
	for k := 1; k <= tiers; k++ {
		f := float64(k) / float64(tiers)
		ty := top + body*f
		hw := w / 2 * (0.35 + 0.65*f)
		right = append(right, pt{x + hw, ty})
		if k < tiers {
			right = append(right, pt{x + hw*0.45, ty - body/float64(tiers)*0.12})
		}
	}
	tw := max(w*0.07, 0.5)
	right = append(right, pt{x + tw, top + body}, pt{x + tw, y})
	out := make([]pt, 0, 2*len(right))
	out = append(out, right...)
	for i := len(right) - 1; i >= 1; i-- {
		out = append(out, pt{2*x - right[i].x, right[i].y})
	}
	return out
}

// roundTree is a broadleaf tree standing at (x, y), h tall.
func roundTree(r *artRand, x, y, h float64) [][]pt {
	out := [][]pt{ribbon([]pt{{x, y}, {x, y - h*0.5}}, h*0.09, h*0.06)}
	out = append(out,
		circle(x, y-h*0.68, h*0.3),
		circle(x-h*0.2*r.between(0.8, 1.2), y-h*0.5, h*0.22),
		circle(x+h*0.2*r.between(0.8, 1.2), y-h*0.52, h*0.23),
	)
	return out
}

// palm is a coconut palm rooted at (x, y), h tall; lean tips the crown
// sideways by that fraction of h.
func palm(r *artRand, x, y, h, lean float64) [][]pt {
	top := pt{x + lean*h, y - h}
	trunk := ribbon(quadBez(pt{x, y}, pt{x + lean*h*0.1, y - h*0.55}, top, 16), h*0.05, h*0.028)
	out := [][]pt{trunk}
	n := 7 + r.intn(3)
	for i := 0; i < n; i++ {
		a := -math.Pi/2 + (float64(i)/float64(n-1)-0.5)*math.Pi*1.55 + r.between(-0.12, 0.12)
		ca, sa := math.Cos(a), math.Sin(a)
		l := h * r.between(0.36, 0.48) * (0.7 + 0.3*math.Abs(ca))
		tip := pt{top.x + ca*l, top.y + sa*l*0.5 + l*0.5}
		mid := pt{top.x + ca*l*0.55, top.y + sa*l*0.6 - l*0.14}
		spine := quadBez(top, mid, tip, 16)
		out = append(out, ribbon(spine, h*0.02, h*0.006))
		// Leaflets along both sides, hanging down and out.
		const m = 13
		for j := 1; j <= m; j++ {
			t := float64(j) / (m + 1)
			q := bez(top, mid, tip, t)
			q2 := bez(top, mid, tip, t+0.01)
			dx, dy := q2.x-q.x, q2.y-q.y
			dl := math.Hypot(dx, dy)
			if dl == 0 {
				continue
			}
			dx, dy = dx/dl, dy/dl
			ll := l * 0.34 * math.Pow(math.Sin(math.Pi*(0.12+0.88*t)), 0.7)
			for _, s := range []float64{-1, 1} {
				ang := s * 0.95
				lx := dx*math.Cos(ang) - dy*math.Sin(ang)
				ly := dx*math.Sin(ang) + dy*math.Cos(ang) + 0.55
				ln := math.Hypot(lx, ly)
				lx, ly = lx/ln, ly/ln
				e := pt{q.x + lx*ll, q.y + ly*ll}
				mdl := pt{q.x + lx*ll*0.5 + dx*ll*0.12, q.y + ly*ll*0.5 + ll*0.06}
				out = append(out, taper([]pt{q, mdl, e}, ll*0.25))
			}
		}
	}
	out = append(out, circle(top.x-h*0.018, top.y+h*0.03, h*0.022), circle(top.x+h*0.02, top.y+h*0.035, h*0.02))
	return out
}

// figure is a simple standing figure with feet at (x, y), h tall.
func figure(x, y, h float64, shirt, trousers, skin rgb) []artLayer {
	return figureHair(x, y, h, shirt, trousers, skin, skin)
}

// figureHair is figure seen from behind: hair covers most of the head.
func figureHair(x, y, h float64, shirt, trousers, skin, hair rgb) []artLayer {
	hw := h * 0.13
	return []artLayer{
		{solid(trousers), [][]pt{
			ribbon([]pt{{x - hw*0.45, y - h*0.45}, {x - hw*0.5, y}}, h*0.085, h*0.07),
			ribbon([]pt{{x + hw*0.45, y - h*0.45}, {x + hw*0.55, y}}, h*0.085, h*0.07),
		}},
		{solid(shirt), [][]pt{roundRect(x-hw, y-h*0.8, x+hw, y-h*0.4, hw*0.7)}},
		{solid(skin), [][]pt{circle(x, y-h*0.89, h*0.1)}},
		{solid(hair), [][]pt{ellipse(x, y-h*0.905, h*0.104, h*0.092)}},
	}
}

// ---------------------------------------------------------------------------
// Scenes.

func drawPlain(c *canvas, r *artRand) {
	W, H := c.W, c.H
	p := r.palette([][]uint32{
		{0x6fa8dc, 0xcfe6f5, 0xfdebd0, 0xfff5dc, 0xa9c6b8, 0x7fa88f, 0x557f63},
		{0x8e7cc3, 0xf2c6c2, 0xffe5c4, 0xfff6e0, 0xb59ab8, 0x8c7396, 0x5e4e70},
	})
	hz := H * 0.62
	c.sky(gstop{0, p[0]}, gstop{0.45, p[1]}, gstop{0.62, p[2]})
	sx, sy := W*r.between(0.25, 0.75), H*r.between(0.3, 0.45)
	c.glow(sx, sy, W*0.35, H*0.45, p[3], 0.5)
	c.fill(solid(p[3]), circle(sx, sy, H*0.07))
	for i, col := range []rgb{p[4], p[5], p[6]} {
		w := newWaveFn(r, 3, r.between(1, 2), W)
		base, amp := hz+float64(i)*H*0.1, H*(0.06-0.01*float64(i))
		c.fill(solid(col), c.profile(func(x float64) float64 { return base + amp*w.at(x) }))
	}
}

func drawCity(c *canvas, r *artRand) {
	W, H, u := c.W, c.H, c.u
	// sky top, sky mid, glow, horizon, sun, far, middle, near, lit window,
	// water top, water bottom
	p := r.palette([][]uint32{
		{0x1e2a5a, 0x6b4c8a, 0xf28f6b, 0xffc98b, 0xffe9b0, 0x9a76a6, 0x54406f, 0x221d3f, 0xffd66e, 0x4a3d6e, 0x15132b},
		{0x0d1b3d, 0x27477a, 0x9db4cf, 0xf6c28b, 0xfff0c9, 0x6a7fa2, 0x34476e, 0x121c33, 0xffcf70, 0x2d4466, 0x0b1426},
		{0x2d1e4f, 0x9b4f7d, 0xf6866a, 0xffd08a, 0xfff1b8, 0xab6886, 0x5c2f5a, 0x2a1631, 0xffe08a, 0x4f2d55, 0x1a0f22},
	})
	base := H * r.between(0.74, 0.79)
	c.sky(gstop{0, p[0]}, gstop{0.38, p[1]}, gstop{base/H - 0.1, p[2]}, gstop{base / H, p[3]})

	sx, sy := W*r.between(0.22, 0.78), base-H*r.between(0.3, 0.42)
	sr := H * r.between(0.055, 0.075)
	c.glow(sx, sy, W*0.5, H*0.45, p[4], 0.35)
	c.fill(solid(p[4]), circle(sx, sy, sr))

	// Long thin dusk clouds.
	var streaks [][]pt
	for i, n := 0, 3+r.intn(3); i < n; i++ {
		y, x, l := H*r.between(0.08, 0.5), W*r.f(), W*r.between(0.12, 0.3)
		th := H * r.between(0.008, 0.016)
		streaks = append(streaks, roundRect(x-l/2, y, x+l/2, y+th, th/2))
		streaks = append(streaks, roundRect(x-l*0.3, y-th*0.9, x+l*0.2, y+th*0.2, th/2))
	}
	c.fill(solid(lerpRGB(p[3], colWhite(), 0.35)).alpha(0.3), streaks...)

	type box struct{ x0, x1, top float64 }
	row := func(minW, maxW, minH, maxH float64, col, window rgb, winAlpha, lit float64) []box {
		var boxes []box
		var sil, wins, unlit [][]pt
		x := -r.between(0, maxW)
		for x < W && len(boxes) < 200 {
			w, h := r.between(minW, maxW), r.between(minH, maxH)
			boxes = append(boxes, box{x, x + w, base - h})
			top := base - h
			sil = append(sil, rect(x, top, x+w, base+1))
			switch r.intn(6) {
			case 1: // setbacks
				w2, h2 := w*r.between(0.5, 0.7), h*r.between(0.05, 0.1)
				sil = append(sil, rect(x+(w-w2)/2, top-h2, x+(w+w2)/2, top+1))
				if r.chance(0.6) {
					w3, h3 := w2*0.5, h2*0.9
					sil = append(sil, rect(x+(w-w3)/2, top-h2-h3, x+(w+w3)/2, top-h2+1))
				}
			case 2: // spire
				sil = append(sil, []pt{{x, top + 1}, {x + w/2, top - h*r.between(0.1, 0.22)}, {x + w, top + 1}})
			case 3: // slanted roof
				d := w * r.between(0.15, 0.35)
				if r.chance(0.5) {
					sil = append(sil, []pt{{x, top + 1}, {x, top - d}, {x + w, top + 1}})
				} else {
					sil = append(sil, []pt{{x, top + 1}, {x + w, top - d}, {x + w, top + 1}})
				}
			case 4: // mast
				aw, ah := max(1.5*u, w*0.035), h*r.between(0.15, 0.3)
				ax := x + w*r.between(0.35, 0.65)
				sil = append(sil, rect(ax-aw/2, top-ah, ax+aw/2, top+1), rect(ax-aw*3, top-ah*0.3, ax+aw*3, top+1))
			case 5: // dome
				sil = append(sil, arc(x+w/2, top+1, w*0.38, h*0.09, math.Pi, 2*math.Pi, 24))
			}
			if winAlpha > 0 {
				cw, ch := max(11*u, w/9), 16*u
				pad := w * 0.14
				nc := int((w - 2*pad) / cw)
				nr := min(80, int((h-pad*1.5)/ch))
				if nc >= 1 && cw > 0 {
					off := (w - float64(nc)*cw) / 2
					frac := lit * r.between(0.3, 1.6)
					for j := 0; j < nr; j++ {
						wy := top + pad + float64(j)*ch
						rowLit := frac * r.between(0.2, 1.8)
						for k := 0; k < nc; k++ {
							wx := x + off + float64(k)*cw + cw*0.22
							win := rect(wx, wy, wx+cw*0.56, wy+ch*0.55)
							if r.f() < rowLit {
								wins = append(wins, win)
							} else {
								unlit = append(unlit, win)
							}
						}
					}
				}
			}
			x += w + r.between(-w*0.15, w*0.25)
		}
		c.fill(solid(col), sil...)
		c.fill(solid(lerpRGB(col, p[3], 0.18)).alpha(winAlpha), unlit...)
		c.fill(solid(window).alpha(winAlpha), wins...)
		return boxes
	}
	row(W*0.035, W*0.075, H*0.22, H*0.46, p[5], p[8], 0, 0)
	c.fill(fade(p[3], 0, 0.35, base-H*0.3, base), rect(0, base-H*0.3, W, base))
	row(W*0.04, W*0.08, H*0.14, H*0.34, p[6], lerpRGB(p[8], p[6], 0.45), 0.7, 0.25)
	near := row(W*0.05, W*0.1, H*0.07, H*0.24, p[7], p[8], 1, 0.35)

	// Water with the near towers and the sun mirrored in it.
	c.fill(vgrad(p[9], p[10], base, H), rect(-1, base, W+1, H+1))
	var refl [][]pt
	for _, b := range near {
		refl = append(refl, rect(b.x0, base, b.x1, base+(base-b.top)*0.8))
	}
	c.fill(fade(p[7], 0.6, 0, base, base+H*0.22), refl...)
	var glints [][]pt
	for y := base + 4*u; y < H; {
		t := (y - base) / max(1, H-base)
		for k := 0; k < 2; k++ {
			hw := sr * (0.5 + 1.4*t) * r.between(0.4, 1)
			cx := sx + r.between(-0.5, 0.5)*sr*(1+t)
			glints = append(glints, roundRect(cx-hw, y, cx+hw, y+1.5*u+3*u*t, 2*u))
		}
		y += 6*u + 16*u*t + r.between(0, 4*u)
	}
	c.fill(fade(p[4], 0.75, 0.15, base, H), glints...)

	// Promenade with a row of lamps.
	c.fill(solid(p[7]), rect(-1, base-2*u, W+1, base+7*u))
	var lamps [][]pt
	step := W / float64(10+r.intn(6))
	for x := r.between(0, step); x < W; x += step {
		lamps = append(lamps, circle(x, base-4*u, 2.8*u))
		c.glow(x, base-4*u, 22*u, 16*u, p[8], 0.35)
	}
	c.fill(solid(lerpRGB(p[8], colWhite(), 0.4)), lamps...)
	c.birds(r, p[7], 2+r.intn(3), W*0.1, W*0.9, H*0.12, H*0.35, 22*u)
}

func drawRiver(c *canvas, r *artRand) {
	W, H, u := c.W, c.H, c.u
	// sky top, horizon, far hills, near hills, land top, land bottom, water
	// top, water bottom, sand, trees, boat hull, boat trim, sun
	p := r.palette([][]uint32{
		{0x7ec8e3, 0xfdf1d6, 0xa9c9c4, 0x86b3a0, 0x9ccc5a, 0x5a9a3a, 0xd7eef2, 0x3f8fae, 0xeadbb0, 0x3d7a46, 0x2f5d8a, 0xe94f37, 0xfffbe6},
		{0xf0a86e, 0xffe8b8, 0xd6a48c, 0xb98f7c, 0xb5bd55, 0x6e8f3a, 0xffe3b0, 0x9b6f5a, 0xe8cf9c, 0x4d6a35, 0x8a2f2f, 0xf2c14e, 0xfff4d0},
		{0x9fb8c9, 0xedf2ef, 0xa2b8b3, 0x82a196, 0x9bbf6e, 0x5d8748, 0xe3ecee, 0x5e90a3, 0xe2d7b8, 0x47704d, 0x1f4e5f, 0xf4a259, 0xffffff},
	})
	hz := H * r.between(0.38, 0.44)
	c.sky(gstop{0, p[0]}, gstop{hz / H, p[1]})
	sx, sy := W*r.between(0.15, 0.85), H*r.between(0.1, 0.25)
	c.glow(sx, sy, W*0.3, H*0.35, p[12], 0.45)
	c.fill(solid(p[12]), circle(sx, sy, H*0.045))
	var clouds [][]pt
	for i, n := 0, 1+r.intn(3); i < n; i++ {
		clouds = append(clouds, cloud(r, W*r.f(), H*r.between(0.08, 0.28), H*r.between(0.03, 0.05))...)
	}
	c.fill(solid(colWhite()).alpha(0.85), clouds...)

	far, near := newWaveFn(r, 4, 2.2, W), newWaveFn(r, 3, 3, W)
	c.fill(solid(p[2]), c.profile(func(x float64) float64 { return hz - H*0.06 + H*0.045*far.at(x) }))
	c.fill(solid(p[3]), c.profile(func(x float64) float64 { return hz - H*0.015 + H*0.02*near.at(x) }))
	// Tree line along the horizon.
	var trees [][]pt
	for x := -10 * u; x < W+10*u; x += r.between(7, 16) * u {
		rad := r.between(5, 13) * u
		trees = append(trees, circle(x, hz-rad*0.4, rad))
	}
	for i := 0; i < 4+r.intn(4); i++ {
		trees = append(trees, palm(r, W*r.f(), hz+2*u, H*r.between(0.05, 0.08), r.between(-0.15, 0.15))...)
	}
	c.fill(solid(lerpRGB(p[9], p[3], 0.35)), trees...)

	c.fill(vgrad(p[4], p[5], hz, H), rect(-1, hz, W+1, H+1))
	// Paddies: a perspective grid of fields in a few greens, with bunds.
	vx := W * r.between(0.3, 0.7)
	var rowsY []float64
	for k := 0; k < 14; k++ {
		rowsY = append(rowsY, hz+(H-hz)/(1+float64(k)*0.55))
	}
	rowsY = append(rowsY, hz)
	persp := func(X, y float64) pt { return pt{vx + (X-vx)*(y-hz)/(H-hz), y} }
	var patches [3][][]pt
	var bunds [][]pt
	colW := W * 0.3
	for j := -12; j < 16; j++ {
		X0, X1 := vx+float64(j)*colW, vx+float64(j+1)*colW
		for k := 0; k+1 < len(rowsY); k++ {
			y0, y1 := rowsY[k+1], rowsY[k]
			patches[r.intn(3)] = append(patches[r.intn(3)], []pt{persp(X0, y0), persp(X1, y0), persp(X1, y1+1), persp(X0, y1+1)})
		}
		bunds = append(bunds, ribbon([]pt{persp(X0, hz), persp(X0, H+2)}, 0.3*u, 3*u))
	}
	for k := 0; k+1 < len(rowsY); k++ {
		t := (rowsY[k] - hz) / (H - hz)
		bunds = append(bunds, rect(-1, rowsY[k]-(0.5+2.5*t)*u, W+1, rowsY[k]+(0.5+2.5*t)*u))
	}
	for i, col := range []rgb{lerpRGB(p[4], colWhite(), 0.12), p[4].scale(0.93), lerpRGB(p[4], p[5], 0.35)} {
		c.fill(vgrad(col, lerpRGB(col, p[5], 0.5), hz, H), patches[i]...)
	}
	c.fill(solid(p[5].scale(0.9)).alpha(0.45), bunds...)

	// The river: a centre line meandering more tightly near the horizon.
	x0, ph, amp := W*r.between(0.4, 0.6), r.between(0, 2*math.Pi), r.between(0.2, 0.3)
	center := func(t float64) (float64, float64) {
		s := 1 / (t + 0.12)
		return x0 + W*amp*(t+0.05)*math.Sin(1.5*s+ph), W * (0.012 + 0.48*math.Pow(t, 1.5))
	}
	riverPoly := func(extra float64) []pt {
		var l, rr []pt
		for i := 0; i <= 120; i++ {
			t := 1.08 * float64(i) / 120
			cx, w := center(t)
			w = w*extra + 3*u*(extra-1)*10*t
			y := hz + (H-hz)*t
			l = append(l, pt{cx - w/2, y})
			rr = append(rr, pt{cx + w/2, y})
		}
		for i := len(rr) - 1; i >= 0; i-- {
			l = append(l, rr[i])
		}
		return l
	}
	c.fill(solid(p[8]), riverPoly(1.12))
	c.fill(vgrad(p[6], p[7], hz, H), riverPoly(1))
	var glints [][]pt
	for i := 0; i < 26; i++ {
		t := r.between(0.05, 1)
		cx, w := center(t)
		y := hz + (H-hz)*t
		l := w * r.between(0.08, 0.25)
		gx := cx + r.between(-0.3, 0.3)*w
		glints = append(glints, taper([]pt{{gx - l/2, y}, {gx, y}, {gx + l/2, y}}, 1*u+3*u*t))
	}
	c.fill(solid(colWhite()).alpha(0.45), glints...)

	// Clumps of trees along the banks, far ones first.
	for i := 0; i < 16; i++ {
		t := 0.06 + 0.6*float64(i)/16 + r.between(0, 0.03)
		cx, w := center(t)
		side := 1.0
		if r.chance(0.5) {
			side = -1
		}
		x := cx + side*(w*0.62+W*r.between(0.005, 0.06)*(0.2+t))
		y := hz + (H-hz)*t
		h := H * (0.025 + 0.2*t) * r.between(0.7, 1.2)
		col := p[9]
		if r.chance(0.5) {
			col = lerpRGB(p[9], p[4], 0.3)
		}
		var polys [][]pt
		if r.chance(0.3) {
			polys = palm(r, x, y, h*1.6, r.between(-0.15, 0.15))
		} else {
			polys = roundTree(r, x, y, h)
			polys = append(polys, roundTree(r, x+h*0.45, y+h*0.02, h*0.8)...)
		}
		c.fill(solid(rgb{}).alpha(0.12), ellipse(x+h*0.2, y, h*0.45, h*0.07))
		c.fill(solid(col), polys...)
	}

	// Long-tail boat.
	tb := r.between(0.58, 0.78)
	bx, bw := center(tb)
	by := hz + (H-hz)*tb
	bx += r.between(-0.15, 0.15) * bw
	L := bw * 0.42
	dir := 1.0
	if r.chance(0.5) {
		dir = -1
	}
	at := func(lx, ly float64) pt { return pt{bx + dir*lx*L, by + ly*L} }
	c.fill(solid(colWhite()).alpha(0.5),
		taper([]pt{at(-0.5, 0.05), at(-1, 0.09), at(-1.6, 0.15)}, 0.05*L),
		taper([]pt{at(-0.5, 0.05), at(-1.1, 0.03), at(-1.7, 0.0)}, 0.04*L),
	)
	c.fill(solid(p[7].scale(0.6)).alpha(0.35), ellipse(bx, by+0.06*L, 0.55*L, 0.05*L))
	hull := []pt{at(-0.5, -0.04), at(0.3, -0.03)}
	hull = append(hull, quadBez(at(0.3, -0.03), at(0.52, -0.05), at(0.62, -0.19), 8)[1:]...)
	hull = append(hull, quadBez(at(0.62, -0.19), at(0.55, 0.02), at(0.28, 0.07), 8)[1:]...)
	hull = append(hull, at(-0.45, 0.06))
	c.fill(solid(p[10]), hull)
	c.fill(solid(p[11]), ribbon([]pt{at(-0.48, -0.01), at(0.3, 0), at(0.5, -0.06), at(0.59, -0.15)}, 0.022*L, 0.012*L))
	c.fill(solid(p[11].scale(0.8)), roundRect(bx-0.3*L, by-0.2*L, bx+0.22*L, by-0.175*L, 0.01*L))
	var poles [][]pt
	for _, lx := range []float64{-0.25, 0, 0.17} {
		poles = append(poles, segment(at(lx, -0.03), at(lx, -0.18), 0.012*L))
	}
	poles = append(poles, segment(at(-0.5, -0.04), at(-0.85, 0.1), 0.018*L), roundRect(min(at(-0.56, 0).x, at(-0.44, 0).x), by-0.1*L, max(at(-0.56, 0).x, at(-0.44, 0).x), by-0.03*L, 0.01*L))
	c.fill(solid(p[10].scale(0.55)), poles...)
	c.draw(figure(at(-0.38, 0).x, by-0.03*L, 0.2*L, p[11].hue(40), p[10].scale(0.6), hexRGB(0x8d5a3b)))

	// Palms framing the foreground.
	var palms [][]pt
	for _, side := range []float64{-1, 1} {
		n := r.intn(3)
		for i := 0; i < n; i++ {
			x := W/2 + side*W*r.between(0.36, 0.52)
			palms = append(palms, palm(r, x, H*r.between(0.92, 1.02), H*r.between(0.4, 0.6), -side*r.between(0.05, 0.2))...)
		}
	}
	c.fill(solid(p[9]), palms...)
}

func drawMountains(c *canvas, r *artRand) {
	W, H, u := c.W, c.H, c.u
	// sky top, mid, horizon, sun, far ridge, near ridge, mist, snow
	p := r.palette([][]uint32{
		{0x9fb7d9, 0xf5d5c0, 0xffe9c7, 0xfff6df, 0xc9b7cf, 0x2f3555, 0xfbe7d8, 0xffffff},
		{0x5b8cc4, 0xbcd7ec, 0xe9f2f7, 0xffffff, 0xa9bdd3, 0x1f3a52, 0xeef5fa, 0xffffff},
		{0x3b2a5a, 0xc46b7c, 0xf7b27a, 0xffe2ad, 0xb37b8e, 0x2a1a33, 0xf2a98a, 0xffd8c8},
		{0x8ec5d6, 0xd7ecea, 0xf1f6e9, 0xfffef2, 0x9cc0b5, 0x21443b, 0xf0f6ef, 0xffffff},
	})
	c.sky(gstop{0, p[0]}, gstop{0.35, p[1]}, gstop{0.62, p[2]})
	sx, sy := W*r.between(0.2, 0.8), H*r.between(0.22, 0.4)
	c.glow(sx, sy, W*0.45, H*0.55, p[3], 0.55)
	c.fill(solid(p[3]), circle(sx, sy, H*r.between(0.05, 0.075)))
	var clouds [][]pt
	for i, n := 0, r.intn(3); i < n; i++ {
		clouds = append(clouds, cloud(r, W*r.f(), H*r.between(0.08, 0.3), H*r.between(0.025, 0.045))...)
	}
	c.fill(solid(lerpRGB(p[2], colWhite(), 0.6)).alpha(0.8), clouds...)

	const layers = 5
	for i := 0; i < layers; i++ {
		t := float64(i) / (layers - 1)
		base := H * (0.44 + 0.4*t)
		amp := H * (0.2 - 0.12*t)
		prof := midpoint(r, 7, 0.5+0.08*(1-t))
		soft := newWaveFn(r, 2, 1.5, W)
		shift, stretch := r.between(0, 0.3), r.between(0.6, 1)
		top := func(x float64) float64 {
			v := sampleProfile(prof, shift+x/max(W, 1)*stretch)
			return base - amp*(0.5+0.5*v) + amp*0.25*soft.at(x)
		}
		col := lerpRGB(p[4], p[5], math.Pow(t, 0.9))
		c.fill(vgrad(col, col.scale(0.85), base-amp, base+H*0.2), c.profile(top))
		if i == 0 && r.chance(0.7) {
			// Snow on the highest peaks.
			line := base - amp*0.72
			jag := newWaveFn(r, 3, 14, W)
			c.fill(solid(lerpRGB(p[7], p[4], 0.3)), c.band(top, func(x float64) float64 {
				return top(x) + max(0, line-top(x))*0.75*(1+0.35*jag.at(x))
			}))
		}
		if i < layers-1 {
			c.fill(fade(p[6], 0, 0.55, base-amp*0.4, base+H*0.06), rect(-1, base-amp*0.4, W+1, H+1))
		}
		if i == layers-2 || i == layers-1 {
			// Firs along the crest.
			var trees [][]pt
			th := H * (0.025 + 0.04*t)
			for x := -th; x < W+th; x += th * r.between(0.25, 0.9) {
				if r.chance(0.35) {
					continue
				}
				h := th * r.between(0.6, 1.3)
				trees = append(trees, pine(x, top(x)+h*0.3, h, h*0.42, 4))
			}
			c.fill(solid(col), trees...)
		}
	}
	c.birds(r, p[5].scale(0.9), 3+r.intn(4), W*0.15, W*0.85, H*0.12, H*0.3, 18*u)
}

func drawSea(c *canvas, r *artRand) {
	W, H, u := c.W, c.H, c.u
	// sky top, sky mid, horizon, sea top, sea bottom, sun, island, sand,
	// boat hull, sail, foam
	p := r.palette([][]uint32{
		{0x3f95d6, 0x9fd0ef, 0xe3f3f8, 0x86cbd9, 0x17628f, 0xfffbea, 0x5c8f7b, 0xf2dfb4, 0x1f2f46, 0xfffdf5, 0xffffff},
		{0x2e3f7f, 0xd9788a, 0xfbc88c, 0xf0a88a, 0x2c3e6b, 0xffe6a8, 0x4b3b5c, 0xe6b98e, 0x2a2238, 0xfff1e0, 0xfff4ea},
		{0x7fa6e8, 0xc9d8f5, 0xfbe3e8, 0xbfd6ef, 0x4d70a8, 0xffffff, 0x8e9cc2, 0xefdcc5, 0x2c3556, 0xffffff, 0xffffff},
	})
	hz := H * r.between(0.5, 0.56)
	c.sky(gstop{0, p[0]}, gstop{hz / H * 0.6, p[1]}, gstop{hz / H, p[2]})
	sx := W * r.between(0.2, 0.8)
	sy := hz - H*r.between(0.08, 0.3)
	sr := H * r.between(0.045, 0.065)
	c.glow(sx, sy, W*0.4, H*0.4, p[5], 0.5)
	c.fill(solid(p[5]), circle(sx, sy, sr))
	var clouds [][]pt
	for i, n := 0, 2+r.intn(3); i < n; i++ {
		clouds = append(clouds, cloud(r, W*r.f(), H*r.between(0.07, hz/H-0.2), H*r.between(0.03, 0.055))...)
	}
	c.fill(solid(lerpRGB(p[2], colWhite(), 0.7)).alpha(0.85), clouds...)

	// Island on the horizon, sometimes with a lighthouse.
	ix, iw := W*r.between(0.05, 0.95), W*r.between(0.12, 0.28)
	ih := H * r.between(0.025, 0.05)
	isl := []pt{{ix - iw/2, hz + 1}}
	isl = append(isl, quadBez(pt{ix - iw/2, hz + 1}, pt{ix - iw*0.2, hz - ih*1.8}, pt{ix + iw/2, hz + 1}, 24)[1:]...)
	c.fill(solid(lerpRGB(p[6], p[2], 0.35)), isl)
	if r.chance(0.5) {
		lx := ix + iw*0.05
		ly := hz - ih*0.88
		c.fill(solid(colWhite()), []pt{{lx - 4*u, ly}, {lx + 4*u, ly}, {lx + 2.5*u, ly - 34*u}, {lx - 2.5*u, ly - 34*u}})
		c.fill(solid(hexRGB(0xd64545)), rect(lx-3.8*u, ly-12*u, lx+3.8*u, ly-7*u), rect(lx-3.2*u, ly-26*u, lx+3.2*u, ly-21*u), []pt{{lx - 4*u, ly - 34*u}, {lx, ly - 40*u}, {lx + 4*u, ly - 34*u}})
	}

	c.fill(vgrad(p[3], p[4], hz, H), rect(-1, hz, W+1, H+1))
	c.fill(fade(lerpRGB(p[2], colWhite(), 0.3), 0.5, 0, hz, hz+H*0.03), rect(-1, hz, W+1, hz+H*0.03))
	// Sun path.
	var glints [][]pt
	for y := hz + 2*u; y < H; {
		t := (y - hz) / max(1, H-hz)
		for k := 0; k < 3; k++ {
			hw := sr * (0.3 + 1.6*t) * r.between(0.3, 1)
			cx := sx + r.between(-0.7, 0.7)*sr*(1+2.5*t)
			glints = append(glints, taper([]pt{{cx - hw, y}, {cx, y}, {cx + hw, y}}, 1.5*u+4*u*t))
		}
		y += 4*u + 16*u*t
	}
	c.fill(fade(p[5], 0.85, 0.2, hz, H), glints...)
	// Waves: short crests, larger and further apart towards the viewer.
	var waves [][]pt
	for y := hz + 6*u; y < H+10*u; {
		t := (y - hz) / max(1, H-hz)
		l := 30*u + 180*u*t
		for x := -r.between(0, l*2); x < W+l; x += l * r.between(1.6, 3.2) {
			h := (1.5 + 8*t) * u
			waves = append(waves, taper([]pt{{x - l/2, y + h}, {x - l/4, y + h*0.2}, {x, y}, {x + l/4, y + h*0.2}, {x + l/2, y + h}}, (1.2+4*t)*u))
		}
		y += 9*u + 55*u*t*t + 10*u*t
	}
	c.fill(solid(p[10]).alpha(0.35), waves...)

	// Sailing boat.
	by := hz + (H-hz)*r.between(0.18, 0.35)
	bs := H * 0.2 * (0.4 + (by-hz)/(H-hz))
	bx := W * r.between(0.15, 0.85)
	if math.Abs(bx-sx) < bs {
		bx = sx + math.Copysign(bs*1.2, bx-sx)
	}
	dir := 1.0
	if r.chance(0.5) {
		dir = -1
	}
	at := func(lx, ly float64) pt { return pt{bx + dir*lx*bs, by + ly*bs} }
	boat := []artLayer{
		{solid(p[9]), [][]pt{
			append([]pt{at(0.02, -0.06), at(0.02, -0.95)}, quadBez(at(0.02, -0.95), at(0.32, -0.5), at(0.42, -0.08), 10)...),
			{at(-0.03, -0.1), at(-0.03, -0.8), at(-0.4, -0.1)},
		}},
		{solid(p[8]), [][]pt{
			segment(at(0, -0.02), at(0, -0.98), 0.018*bs),
			{at(-0.5, -0.07), at(0.5, -0.07), at(0.38, 0.04), at(-0.4, 0.04)},
		}},
	}
	c.draw(mirror(boat, by+0.04*bs, 0.22))
	c.draw(boat)
	c.fill(solid(p[10]).alpha(0.6), taper([]pt{at(-0.6, 0.045), at(0, 0.05), at(0.6, 0.045)}, 0.025*bs))

	// A sandy shore in a lower corner.
	if r.chance(0.6) {
		side := 1.0
		if r.chance(0.5) {
			side = -1
		}
		ex := W / 2 * (1 - side)
		shore := quadBez(pt{ex, H * r.between(0.72, 0.8)}, pt{ex + side*W*0.32, H * 0.79}, pt{ex + side*W*r.between(0.45, 0.6), H + 4}, 40)
		sand := append(append([]pt{}, shore...), pt{ex, H + 4})
		c.fill(solid(lerpRGB(p[3], p[10], 0.4)).alpha(0.45), ribbon(shore, 30*u, 30*u))
		c.fill(vgrad(p[7], p[7].scale(0.9), H*0.75, H), sand)
		c.fill(solid(p[7].scale(0.85)).alpha(0.6), ribbon(shore, 12*u, 12*u))
		c.fill(solid(p[10]).alpha(0.9), taper(shore, 7*u))
	}
	c.birds(r, p[8].scale(1.2), 2+r.intn(3), W*0.1, W*0.9, H*0.1, hz-H*0.15, 20*u)
}

func drawMarket(c *canvas, r *artRand) {
	W, H, u := c.W, c.H, c.u
	// sky top, sky mid, horizon, buildings, ground top, ground bottom,
	// lantern, glow, interior, wood
	p := r.palette([][]uint32{
		{0x23284f, 0x7a4b7d, 0xf0a06c, 0x3a2f4f, 0x5a4652, 0x2b2130, 0xff5a4e, 0xffcf87, 0x3b2730, 0x9a6a4a},
		{0x1b3a5c, 0x5f7fa3, 0xf3c48d, 0x2c3a52, 0x5d5660, 0x2d2a33, 0xff6b3d, 0xffd68f, 0x35282c, 0xa0714f},
		{0x8fc9e6, 0xcfe8f2, 0xfdf0dc, 0xc9a98c, 0xcdb89f, 0xa68f76, 0xe63946, 0xfff0c2, 0x5a4036, 0xb07d52},
	})
	day := p[0].r > 120
	gy := H * r.between(0.84, 0.88)
	c.sky(gstop{0, p[0]}, gstop{0.3, p[1]}, gstop{0.55, p[2]})
	if !day {
		var stars [][]pt
		for i := 0; i < 30; i++ {
			stars = append(stars, circle(W*r.f(), H*r.between(0, 0.25), r.between(0.8, 1.8)*u))
		}
		c.fill(solid(colWhite()).alpha(0.6), stars...)
	} else {
		var clouds [][]pt
		for i := 0; i < 2; i++ {
			clouds = append(clouds, cloud(r, W*r.f(), H*r.between(0.06, 0.16), H*0.035)...)
		}
		c.fill(solid(colWhite()).alpha(0.9), clouds...)
	}

	// Shophouses behind the stalls.
	var fronts, wins, lit [][]pt
	for x := -r.between(0, W*0.1); x < W; {
		w := W * r.between(0.09, 0.15)
		top := H * r.between(0.12, 0.3)
		fronts = append(fronts, rect(x, top, x+w-2*u, gy), rect(x-4*u, top-6*u, x+w+2*u, top+2*u))
		for wy := top + H*0.04; wy < H*0.42; wy += H * 0.08 {
			for k := 0; k < 3; k++ {
				wx := x + w*(0.12+0.28*float64(k))
				win := roundRect(wx, wy, wx+w*0.18, wy+H*0.045, 0)
				if r.chance(0.35) {
					lit = append(lit, win)
				} else {
					wins = append(wins, win)
				}
			}
		}
		x += w
	}
	c.fill(solid(p[3]), fronts...)
	c.fill(solid(lerpRGB(p[3], p[2], 0.25)), wins...)
	c.fill(solid(p[7]).alpha(0.85), lit...)
	if !day {
		c.fill(fade(p[2], 0, 0.3, H*0.15, H*0.45), rect(-1, H*0.15, W+1, H*0.45))
	}
	c.fill(vgrad(p[4], p[5], gy, H), rect(-1, gy, W+1, H+1))

	// Lantern strings.
	var wires, lanterns, caps [][]pt
	type lamp struct{ x, y float64 }
	var lamps []lamp
	for k := 0; k < 2; k++ {
		y0 := H * (0.05 + 0.09*float64(k)) * r.between(0.9, 1.1)
		sag := H * r.between(0.06, 0.1)
		wire := quadBez(pt{-W * 0.02, y0}, pt{W / 2, y0 + 2*sag}, pt{W * 1.02, y0 + H*r.between(-0.03, 0.03)}, 40)
		wires = append(wires, ribbon(wire, 1.6*u, 1.6*u))
		step := 6 + r.intn(3)
		for i := 2 + k; i < len(wire)-1; i += step {
			lx, ly := wire[i].x, wire[i].y+14*u
			lamps = append(lamps, lamp{lx, ly})
			lanterns = append(lanterns, ellipse(lx, ly+12*u, 13*u, 15*u))
			caps = append(caps, rect(lx-6*u, ly-2*u, lx+6*u, ly+1*u), rect(lx-6*u, ly+25*u, lx+6*u, ly+28*u), segment(pt{lx, ly - 14*u}, pt{lx, ly}, 1.2*u))
		}
	}
	for _, l := range lamps {
		c.glow(l.x, l.y+12*u, 60*u, 60*u, p[7], 0.35)
	}
	c.fill(solid(p[3].scale(0.6)), wires...)
	c.fill(solid(p[6]), lanterns...)
	c.fill(solid(lerpRGB(p[6], p[7], 0.6)).alpha(0.7), func() [][]pt {
		var hl [][]pt
		for _, l := range lamps {
			hl = append(hl, ellipse(l.x-3*u, l.y+9*u, 5*u, 8*u))
		}
		return hl
	}()...)
	c.fill(solid(p[3].scale(0.5)), caps...)

	// Stalls.
	awnings := [][2]uint32{{0xe63946, 0xf8f1e7}, {0x2a9d8f, 0xf4f1de}, {0xf4a261, 0xfff3e0}, {0x457b9d, 0xf1faee}, {0xe9c46a, 0xd1495b}, {0x6a4c93, 0xf4e9f7}}
	fruits := []uint32{0xf4a300, 0xe63946, 0x8ac926, 0xffca3a, 0xf77f00, 0x9d4edd}
	sw := W * r.between(0.26, 0.31)
	ay, ah := H*r.between(0.4, 0.46), H*0.1
	ct := H * 0.66
	off := r.intn(len(awnings))
	for i, x := 0, -r.between(0.1, 0.6)*sw; x < W; i, x = i+1, x+sw {
		x0, x1 := x+sw*0.04, x+sw*0.96
		cx := (x0 + x1) / 2
		// Interior in shadow, lit by a bulb.
		c.fill(vgrad(p[8], p[8].scale(1.4), ay+ah, ct), rect(x0, ay+ah-2, x1, ct))
		c.glow(cx, ay+ah+H*0.02, sw*0.55, H*0.22, p[7], 0.45)
		c.fill(solid(p[7]), circle(cx, ay+ah+H*0.02, 5*u))
		// Poles.
		c.fill(solid(p[9].scale(0.55)), rect(x0, ay+ah, x0+6*u, gy+H*0.01), rect(x1-6*u, ay+ah, x1, gy+H*0.01))
		// Goods: baskets heaped with fruit on the counter.
		nb := 2 + r.intn(2)
		for b := 0; b < nb; b++ {
			bx := x0 + (x1-x0)*(float64(b)+0.5)/float64(nb)
			fr := hexRGB(fruits[r.intn(len(fruits))])
			rad := 12 * u * r.between(0.85, 1.15)
			bt := ct - rad*1.3 // basket rim
			for row := 3; row >= 0; row-- {
				n := 5 - row
				var rims, fs, shine [][]pt
				for k := 0; k < n; k++ {
					fx := bx + (float64(k)-float64(n-1)/2)*rad*1.7
					fy := bt - float64(row)*rad*1.25
					rims = append(rims, circle(fx, fy, rad))
					fs = append(fs, circle(fx, fy, rad*0.86))
					shine = append(shine, circle(fx-rad*0.35, fy-rad*0.35, rad*0.22))
				}
				shade := 0.78 + 0.06*float64(3-row)
				c.fill(solid(fr.scale(shade*0.75)), rims...)
				c.fill(solid(fr.scale(shade)), fs...)
				c.fill(solid(colWhite()).alpha(0.35), shine...)
			}
			basket := []pt{{bx - rad*4.6, bt - rad*0.2}, {bx + rad*4.6, bt - rad*0.2}, {bx + rad*3.9, ct + 1}, {bx - rad*3.9, ct + 1}}
			c.fill(vgrad(p[9].scale(1.1), p[9].scale(0.7), bt, ct), basket)
			c.fill(solid(p[9].scale(0.6)).alpha(0.6), rect(bx-rad*4.3, bt+rad*0.35, bx+rad*4.3, bt+rad*0.45), rect(bx-rad*4.1, bt+rad*0.8, bx+rad*4.1, bt+rad*0.9))
		}
		// Garlands of goods hanging from the awning frame.
		for _, gx := range []float64{x0 + sw*0.1, x1 - sw*0.1} {
			if r.chance(0.35) {
				continue
			}
			fr := hexRGB(fruits[r.intn(len(fruits))])
			var beads [][]pt
			for k := 0; k < 5; k++ {
				by := ay + ah + H*0.025 + float64(k)*14*u
				beads = append(beads, ellipse(gx+float64(k%2)*3*u, by, 8*u, 8.5*u))
			}
			c.fill(solid(p[3].scale(0.6)), segment(pt{gx, ay + ah}, pt{gx, ay + ah + H*0.025}, 1.5*u))
			c.fill(solid(fr), beads...)
		}
		// Counter with a cloth front.
		c.fill(vgrad(p[9], p[9].scale(0.75), ct, gy), rect(x0-4*u, ct, x1+4*u, gy))
		c.fill(solid(p[9].scale(1.15)), rect(x0-8*u, ct-2*u, x1+8*u, ct+8*u))
		cols := awnings[(i+off)%len(awnings)]
		c.fill(solid(hexRGB(cols[0])).alpha(0.85), rect(x0+sw*0.08, ct+16*u, x1-sw*0.08, gy-10*u))
		c.fill(solid(hexRGB(cols[1])).alpha(0.6), rect(x0+sw*0.08, ct+30*u, x1-sw*0.08, ct+36*u))
		// Striped awning with a scalloped edge.
		n := 8
		var stripes [2][][]pt
		for k := 0; k < n; k++ {
			tl := x0 - sw*0.02 + (x1-x0+sw*0.04)*float64(k)/float64(n)
			tr := x0 - sw*0.02 + (x1-x0+sw*0.04)*float64(k+1)/float64(n)
			bl := x0 - sw*0.06 + (x1-x0+sw*0.12)*float64(k)/float64(n)
			br := x0 - sw*0.06 + (x1-x0+sw*0.12)*float64(k+1)/float64(n)
			poly := []pt{{tl, ay}, {tr, ay}, {br, ay + ah}}
			poly = append(poly, arc((bl+br)/2, ay+ah, (br-bl)/2, ah*0.18, 0, math.Pi, 10)...)
			stripes[k%2] = append(stripes[k%2], poly)
		}
		c.fill(solid(hexRGB(cols[0])), stripes[0]...)
		c.fill(solid(hexRGB(cols[1])), stripes[1]...)
		c.fill(fade(rgb{}, 0.18, 0, ay, ay+ah*0.4), rect(x0-sw*0.06, ay, x1+sw*0.06, ay+ah*0.4))
		c.fill(solid(hexRGB(cols[0]).scale(0.75)), roundRect(x0-sw*0.03, ay-6*u, x1+sw*0.03, ay+2*u, 3*u))
	}

	// Shoppers.
	shirts := []uint32{0x3d5a80, 0xee6c4d, 0x98c1d9, 0x6d597a, 0xe5989b, 0x2a9d8f, 0xf6bd60}
	skins := []uint32{0x8d5524, 0xc68642, 0xe0ac69, 0x6b4226}
	n := 2 + r.intn(3)
	for i := 0; i < n; i++ {
		x := W * (float64(i) + r.between(0.2, 0.8)) / float64(n)
		h := H * r.between(0.3, 0.36)
		c.fill(solid(rgb{}).alpha(0.2), ellipse(x, H*0.975, h*0.16, h*0.025))
		hair := []uint32{0x1b1b1f, 0x3b2a20, 0x2a2a35, 0x5a3d2b}
		c.draw(figureHair(x, H*0.975, h, hexRGB(shirts[r.intn(len(shirts))]), p[5].scale(0.7), hexRGB(skins[r.intn(len(skins))]), hexRGB(hair[r.intn(len(hair))])))
	}
}

func drawStadium(c *canvas, r *artRand) {
	W, H, u := c.W, c.H, c.u
	// sky top, sky bottom, stand, stand light, grass a, grass b, light,
	// roof
	p := r.palette([][]uint32{
		{0x0a1630, 0x1d3461, 0x1b2440, 0x2b3760, 0x3f9b4c, 0x4aa857, 0xfff6d8, 0x0d1426},
		{0x5ea8dd, 0xcfe6f5, 0x8a93a6, 0xa9b1c2, 0x5cb85c, 0x6cc66a, 0xffffff, 0x5a6375},
		{0x2a2450, 0xe0896a, 0x2d2a3e, 0x433f5a, 0x3d8c40, 0x49a04b, 0xffe9c4, 0x1c1a2a},
	})
	night := p[0].b < 120
	teams := [][2]uint32{{0xe63946, 0xffffff}, {0x1d4ed8, 0xfacc15}, {0x38bdf8, 0x1e3a8a}, {0xf97316, 0x111827}, {0x16a34a, 0xfafafa}}
	ta, tb := teams[r.intn(len(teams))], teams[r.intn(len(teams))]
	if ta == tb {
		tb = teams[(r.intn(len(teams)-1)+1+teamIndex(teams, ta))%len(teams)]
	}

	top := H * 0.5 // far touchline
	c.sky(gstop{0, p[0]}, gstop{0.2, p[1]})
	// Stand: tiers of seats with a speckled crowd.
	st0 := H * 0.13
	c.fill(vgrad(p[2], p[3], st0, top), rect(-1, st0, W+1, top))
	var tiers [][]pt
	for y := st0 + H*0.03; y < top; y += H * 0.035 {
		tiers = append(tiers, rect(-1, y, W+1, y+H*0.006))
	}
	c.fill(solid(p[2].scale(0.8)).alpha(0.6), tiers...)
	var crowdA, crowdB, crowdC [][]pt
	for i := 0; i < 900; i++ {
		x, y := W*r.f(), r.between(st0+H*0.02, top-H*0.04)
		rad := r.between(2, 3.4) * u
		switch r.intn(4) {
		case 0, 1:
			crowdA = append(crowdA, circle(x, y, rad))
		case 2:
			crowdB = append(crowdB, circle(x, y, rad))
		default:
			crowdC = append(crowdC, circle(x, y, rad))
		}
	}
	c.fill(solid(hexRGB(ta[0])).alpha(0.45), crowdA...)
	c.fill(solid(hexRGB(tb[0])).alpha(0.35), crowdB...)
	c.fill(solid(colWhite()).alpha(0.25), crowdC...)
	var aisles [][]pt
	for k := -6; k <= 6; k++ {
		x := W/2 + float64(k)*W*0.11
		aisles = append(aisles, segment(pt{x + float64(k)*W*0.01, st0}, pt{x, top}, 5*u))
	}
	c.fill(solid(p[3]), aisles...)
	// Roof.
	roof := []pt{{-2, -2}, {W + 2, -2}, {W + 2, H * 0.16}}
	roof = append(roof, quadBez(pt{W + 2, H * 0.16}, pt{W / 2, H * 0.08}, pt{-2, H * 0.16}, 30)[1:]...)
	c.fill(solid(p[7]), roof)
	c.fill(solid(p[6]).alpha(0.5), ribbon(quadBez(pt{-2, H*0.16 - 3*u}, pt{W / 2, H*0.08 - 3*u}, pt{W + 2, H*0.16 - 3*u}, 30), 3*u, 3*u))
	// Floodlights on the roof.
	for _, fx := range []float64{W * 0.18, W * 0.82} {
		fy := H*0.11 - 8*u
		if night {
			c.glow(fx, fy, W*0.35, H*0.45, p[6], 0.35)
		}
		var cells [][]pt
		for a := 0; a < 5; a++ {
			for b := 0; b < 2; b++ {
				cx, cy := fx+(float64(a)-2)*14*u, fy+(float64(b)-0.5)*12*u
				cells = append(cells, roundRect(cx-5.5*u, cy-4.5*u, cx+5.5*u, cy+4.5*u, 1.5*u))
			}
		}
		c.fill(solid(p[7].scale(0.7)), roundRect(fx-40*u, fy-16*u, fx+40*u, fy+16*u, 3*u))
		c.fill(solid(p[6]), cells...)
	}

	// Pitch in perspective: L runs along the pitch (goal lines at ±1),
	// D from the far touchline (0) to the near one (1).
	hy, F, G := top-H*0.3, H*0.9, W*1.2
	cam := r.between(-0.25, 0.25)
	proj := func(l, d float64) pt {
		z := 3 - 2*d
		return pt{W/2 + (l-cam)*G/z, hy + F/z}
	}
	pxPerUnit := func(d float64) float64 { return G / (3 - 2*d) }
	// Advertising boards.
	var boards [2][][]pt
	bw := W / 9
	for k := 0; k*int(bw) < int(W)+int(bw) && k < 40; k++ {
		boards[k%2] = append(boards[k%2], rect(float64(k)*bw-bw*0.3, top-H*0.035, float64(k+1)*bw-bw*0.3, top))
	}
	c.fill(solid(hexRGB(ta[0])), boards[0]...)
	c.fill(solid(hexRGB(tb[0])), boards[1]...)
	c.fill(solid(colWhite()).alpha(0.7), func() [][]pt {
		var out [][]pt
		for k := 0; float64(k)*bw < W+bw && k < 40; k++ {
			x := float64(k)*bw - bw*0.3 + bw*0.2
			out = append(out, roundRect(x, top-H*0.024, x+bw*0.6, top-H*0.012, 3*u))
		}
		return out
	}()...)
	c.fill(solid(p[4]), rect(-1, top, W+1, H+1))
	var stripes [][]pt
	for l := -1.8; l < 1.8; l += 0.2 {
		stripes = append(stripes, []pt{proj(l, -0.06), proj(l+0.1, -0.06), proj(l+0.1, 1.3), proj(l, 1.3)})
	}
	c.fill(solid(p[5]), stripes...)
	c.fill(fade(rgb{}, 0.2, 0, top, top+H*0.06), rect(-1, top, W+1, top+H*0.06))

	// Markings.
	line := func(pts [][2]float64) []pt {
		var out []pt
		for i := 0; i+1 < len(pts); i++ {
			a, b := pts[i], pts[i+1]
			for s := 0; s < 12; s++ {
				t := float64(s) / 12
				out = append(out, proj(a[0]+(b[0]-a[0])*t, a[1]+(b[1]-a[1])*t))
			}
		}
		last := pts[len(pts)-1]
		return append(out, proj(last[0], last[1]))
	}
	lw := 0.0055
	stroke := func(pts []pt, ds []float64) []pt {
		ws := make([]float64, len(ds))
		for i, d := range ds {
			ws[i] = lw * pxPerUnit(d)
		}
		return ribbonW(pts, ws)
	}
	var marks [][]pt
	addLine := func(pts [][2]float64) {
		poly := line(pts)
		var ds []float64
		for i := 0; i+1 < len(pts); i++ {
			for s := 0; s < 12; s++ {
				t := float64(s) / 12
				ds = append(ds, pts[i][1]+(pts[i+1][1]-pts[i][1])*t)
			}
		}
		ds = append(ds, pts[len(pts)-1][1])
		marks = append(marks, stroke(poly, ds))
	}
	addLine([][2]float64{{-1, 0}, {1, 0}})
	addLine([][2]float64{{-1, 0}, {-1, 1.2}})
	addLine([][2]float64{{1, 0}, {1, 1.2}})
	addLine([][2]float64{{0, 0}, {0, 1.2}})
	for _, s := range []float64{-1, 1} {
		addLine([][2]float64{{s, 0.5 - 0.296}, {s * (1 - 0.314), 0.5 - 0.296}, {s * (1 - 0.314), 0.5 + 0.296}, {s, 0.5 + 0.296}})
		addLine([][2]float64{{s, 0.5 - 0.135}, {s * (1 - 0.105), 0.5 - 0.135}, {s * (1 - 0.105), 0.5 + 0.135}, {s, 0.5 + 0.135}})
		// Penalty arc outside the box.
		var apts []pt
		var ads []float64
		for a := 0; a <= 40; a++ {
			ang := -math.Pi/2 + math.Pi*float64(a)/40
			l := s*(1-0.21) - s*0.174*math.Cos(ang)
			d := 0.5 + 0.135*math.Sin(ang)
			if math.Abs(l) <= 1-0.314 {
				apts = append(apts, proj(l, d))
				ads = append(ads, d)
			}
		}
		if len(apts) > 1 {
			marks = append(marks, stroke(apts, ads))
		}
	}
	var cpts []pt
	var cds []float64
	for a := 0; a <= 72; a++ {
		ang := 2 * math.Pi * float64(a) / 72
		d := 0.5 + 0.135*math.Sin(ang)
		cpts = append(cpts, proj(0.174*math.Cos(ang), d))
		cds = append(cds, d)
	}
	marks = append(marks, stroke(cpts, cds))
	cs := proj(0, 0.5)
	marks = append(marks, ellipse(cs.x, cs.y, lw*pxPerUnit(0.5)*1.6, lw*pxPerUnit(0.5)*0.9))
	c.fill(solid(colWhite()).alpha(0.85), marks...)

	// Goals.
	for _, s := range []float64{-1, 1} {
		gh := 0.046
		a, b := proj(s, 0.5-0.054), proj(s, 0.5+0.054)
		ha, hb := gh*pxPerUnit(0.5-0.054), gh*pxPerUnit(0.5+0.054)
		ba, bb := proj(s*1.035, 0.5-0.054), proj(s*1.035, 0.5+0.054)
		c.fill(solid(colWhite()).alpha(0.25), []pt{{a.x, a.y - ha}, {b.x, b.y - hb}, {bb.x, bb.y - hb*0.7}, {ba.x, ba.y - ha*0.7}}, []pt{ba, bb, {bb.x, bb.y - hb*0.7}, {ba.x, ba.y - ha*0.7}})
		w := lw * pxPerUnit(0.5) * 1.2
		c.fill(solid(colWhite()), segment(a, pt{a.x, a.y - ha}, w), segment(b, pt{b.x, b.y - hb}, w), segment(pt{a.x, a.y - ha}, pt{b.x, b.y - hb}, w))
	}

	// Players.
	type player struct{ l, d float64 }
	var ps []player
	for i := 0; i < 14; i++ {
		d := r.between(0.1, 0.9)
		ps = append(ps, player{cam + r.between(-0.38, 0.38)*(3-2*d), d})
	}
	for i := range ps { // far ones first
		for j := i + 1; j < len(ps); j++ {
			if ps[j].d < ps[i].d {
				ps[i], ps[j] = ps[j], ps[i]
			}
		}
	}
	skins := []uint32{0x8d5524, 0xc68642, 0xe0ac69, 0x6b4226, 0xf1c27d}
	for i, pl := range ps {
		q := proj(pl.l, pl.d)
		if q.y > H+20*u || q.x < -50*u || q.x > W+50*u {
			continue
		}
		h := 0.055 * pxPerUnit(pl.d)
		kit := ta
		if i%2 == 1 {
			kit = tb
		}
		c.fill(solid(rgb{}).alpha(0.25), ellipse(q.x+h*0.15, q.y, h*0.28, h*0.06))
		c.draw(figure(q.x, q.y, h, hexRGB(kit[0]), hexRGB(kit[1]).scale(0.85), hexRGB(skins[r.intn(len(skins))])))
	}
	bp := proj(r.between(-0.5, 0.5)+cam, r.between(0.3, 0.7))
	br := 0.006 * pxPerUnit(0.5)
	c.fill(solid(rgb{}).alpha(0.25), ellipse(bp.x+br, bp.y, br*1.4, br*0.5))
	c.fill(solid(colWhite()), circle(bp.x, bp.y-br, br))
	if night {
		c.glow(W/2, top+H*0.1, W*0.7, H*0.4, p[6], 0.08)
	}
}

func teamIndex(list [][2]uint32, v [2]uint32) int {
	for i, x := range list {
		if x == v {
			return i
		}
	}
	return 0
}

// chartSeries is a random walk of n values with a trend, ending above its
// start when up and below it otherwise, whatever the random steps (a walk
// against its trend is mirrored), so that a rising chart always rises.
func chartSeries(r *artRand, n int, up bool) (vals []float64, trend float64) {
	vals, trend = make([]float64, n), 0.35
	if !up {
		trend = -0.35
	}
	v := 0.0
	for i := range vals {
		v += trend + r.between(-1, 1)
		vals[i] = v
	}
	if (vals[n-1] > vals[0]) != up {
		for i := range vals {
			vals[i] = -vals[i]
		}
	}
	return vals, trend
}

// drawChart draws a wire graphic whose main series rises (up) or falls:
// the story says which, so that its caption can say what the chart shows.
func drawChart(c *canvas, r *artRand, up bool) {
	W, H, u := c.W, c.H, c.u
	// background top, background bottom, second series, text
	p := r.palette([][]uint32{
		{0x0b1628, 0x132a46, 0x7b8cff, 0xe8eef7},
		{0x0f1724, 0x1c2536, 0x4cc9f0, 0xeef2f7},
		{0x101820, 0x1b2b34, 0x5fd4c4, 0xf3f1ea},
		{0x14112b, 0x231d45, 0xf72585, 0xf0eefa},
	})
	// The accent follows the story: greens and blues for a rise, red or
	// amber for a fall.
	accents := []uint32{0xff6b6b, 0xffc857, 0xff8552}
	if up {
		accents = []uint32{0x3ddc97, 0x4cc9f0, 0xffc857, 0x80ed99}
	}
	p = []rgb{p[0], p[1], hexRGB(accents[r.intn(len(accents))]), p[2], p[3]}
	c.sky(gstop{0, p[0]}, gstop{1, p[1]})
	x0, x1 := W*0.09, W*0.86
	y0, y1 := H*0.24, H*0.85
	c.glow((x0+x1)/2, (y0+y1)/2, W*0.5, H*0.5, p[2], 0.07)

	// Title and labels drawn as placeholder bars, like a wire graphic.
	c.fill(solid(p[4]).alpha(0.9), roundRect(x0, H*0.07, x0+W*0.28, H*0.07+16*u, 8*u))
	c.fill(solid(p[4]).alpha(0.35), roundRect(x0, H*0.07+28*u, x0+W*0.17, H*0.07+38*u, 5*u))
	bx, by := x1-W*0.005, H*0.07+19*u
	c.fill(solid(p[2]).alpha(0.18), circle(bx, by, 24*u))
	arrow := []pt{{bx - 9*u, by + 6*u}, {bx + 9*u, by + 6*u}, {bx, by - 9*u}}
	if !up {
		arrow = []pt{{bx - 9*u, by - 6*u}, {bx + 9*u, by - 6*u}, {bx, by + 9*u}}
	}
	c.fill(solid(p[2]), arrow)

	var grid, labels [][]pt
	for i := 0; i <= 5; i++ {
		y := y0 + (y1-y0)*float64(i)/5
		grid = append(grid, rect(x0, y-0.75*u, x1, y+0.75*u))
		labels = append(labels, roundRect(x1+W*0.02, y-5*u, x1+W*0.02+r.between(40, 60)*u, y+5*u, 5*u))
	}
	for i := 0; i <= 10; i++ {
		x := x0 + (x1-x0)*float64(i)/10
		grid = append(grid, rect(x-0.5*u, y0, x+0.5*u, y1))
		if i%2 == 0 {
			labels = append(labels, roundRect(x-18*u, y1+16*u, x+18*u, y1+26*u, 5*u))
		}
	}
	c.fill(solid(p[4]).alpha(0.08), grid...)
	c.fill(solid(p[4]).alpha(0.28), labels...)

	n := 18 + r.intn(8)
	vals, trend := chartSeries(r, n, up)
	lo, hi := vals[0], vals[0]
	for _, x := range vals {
		lo, hi = min(lo, x), max(hi, x)
	}
	if hi-lo < 1e-9 {
		hi = lo + 1
	}
	pts := make([]pt, n)
	for i, x := range vals {
		pts[i] = pt{x0 + (x1-x0)*float64(i)/float64(n-1), y1 - (y1-y0)*(0.1+0.75*(x-lo)/(hi-lo))}
	}
	// Volume bars.
	var bars [][]pt
	bw := (x1 - x0) / float64(n) * 0.55
	for i := range pts {
		h := (y1 - y0) * r.between(0.04, 0.16)
		bars = append(bars, roundRect(pts[i].x-bw/2, y1-h, pts[i].x+bw/2, y1, 3*u))
	}
	c.fill(solid(p[3]).alpha(0.3), bars...)
	// A second, dashed series for comparison.
	var other []pt
	ov := 0.0
	for i := range pts {
		ov += trend*0.4 + r.between(-0.7, 0.7)
		other = append(other, pt{pts[i].x, y1 - (y1-y0)*(0.35+0.05*ov)})
	}
	for i := range other {
		other[i].y = min(y1-(y1-y0)*0.05, max(y0+(y1-y0)*0.05, other[i].y))
	}
	c.fill(solid(p[3]).alpha(0.7), func() [][]pt {
		var out [][]pt
		for _, d := range dashes(catmull(other, 8), 14*u, 10*u) {
			out = append(out, ribbon(d, 3*u, 3*u))
		}
		return out
	}()...)
	// Main series: area and line.
	sm := catmull(pts, 8)
	area := append([]pt{{x0, y1}}, sm...)
	area = append(area, pt{x1, y1})
	c.fill(fade(p[2], 0.4, 0, y0, y1), area)
	c.fill(solid(p[2]), ribbon(sm, 5*u, 5*u))
	var dots, holes [][]pt
	for i := 0; i < n; i += 3 {
		dots = append(dots, circle(pts[i].x, pts[i].y, 7*u))
		holes = append(holes, circle(pts[i].x, pts[i].y, 3.5*u))
	}
	last := pts[n-1]
	c.fill(solid(p[2]), dots...)
	c.fill(solid(lerpRGB(p[0], p[1], 0.5)), holes...)
	// Latest value: a dashed guide, a glowing dot and a tag.
	var guide [][]pt
	for _, d := range dashes([]pt{{x0, last.y}, {x1, last.y}}, 8*u, 8*u) {
		guide = append(guide, ribbon(d, 1.5*u, 1.5*u))
	}
	c.fill(solid(p[2]).alpha(0.5), guide...)
	c.glow(last.x, last.y, 40*u, 40*u, p[2], 0.5)
	c.fill(solid(p[2]), circle(last.x, last.y, 10*u))
	c.fill(solid(colWhite()), circle(last.x, last.y, 4.5*u))
	tx := x1 + W*0.015
	c.fill(solid(p[2]), roundRect(tx, last.y-17*u, tx+W*0.1, last.y+17*u, 8*u), []pt{{tx + 1, last.y - 8*u}, {tx - 10*u, last.y}, {tx + 1, last.y + 8*u}})
	c.fill(solid(p[0]).alpha(0.85), roundRect(tx+W*0.015, last.y-5*u, tx+W*0.085, last.y+5*u, 5*u))
}

func drawForest(c *canvas, r *artRand) {
	W, H, u := c.W, c.H, c.u
	// sky top, horizon, sun, far trees, near trees, mist
	p := r.palette([][]uint32{
		{0xbfe0da, 0xf6efd9, 0xfff9e6, 0xa8c5b5, 0x1c3a30, 0xf4f1e0},
		{0xe8a87c, 0xffe7cf, 0xfff3e0, 0xc9a99a, 0x2e2a3b, 0xffe6d4},
		{0x9cc3d5, 0xe8f1f2, 0xffffff, 0x9bb7c4, 0x15303c, 0xeef4f5},
		{0xf2c679, 0xfff0d6, 0xfffbea, 0xbfb58f, 0x27392a, 0xfff3dc},
	})
	c.sky(gstop{0, p[0]}, gstop{0.55, p[1]})
	sx, sy := W*r.between(0.2, 0.8), H*r.between(0.15, 0.3)
	c.glow(sx, sy, W*0.5, H*0.6, p[2], 0.6)
	c.fill(solid(p[2]), circle(sx, sy, H*0.055))

	const layers = 5
	for i := 0; i < layers; i++ {
		t := float64(i) / (layers - 1)
		base := H * (0.5 + 0.4*t)
		hill := newWaveFn(r, 3, 1.5, W)
		hamp := H * (0.02 + 0.03*t)
		top := func(x float64) float64 { return base + hamp*hill.at(x) }
		col := lerpRGB(p[3], p[4], math.Pow(t, 0.8))
		polys := [][]pt{c.profile(top)}
		th := H * (0.09 + 0.36*t*t)
		for x := -th * r.between(0, 0.4); x < W+th*0.3; x += th * r.between(0.1+0.25*t, 0.25+0.4*t) {
			if t > 0.5 && r.chance(0.2) {
				continue // a clearing
			}
			h := th * r.between(0.55, 1.15)
			polys = append(polys, pine(x, top(x)+h*0.16, h, h*r.between(0.32, 0.42), 5+r.intn(3)))
		}
		c.fill(vgrad(col, col.scale(0.9), base-th, H), polys...)
		if i == 1 {
			// Sun rays through the trees.
			var rays [][]pt
			for k := 0; k < 7; k++ {
				a := math.Pi/2 + r.between(-0.7, 0.7)
				w := r.between(0.015, 0.045)
				l := H * 1.4
				rays = append(rays, []pt{{sx, sy}, {sx + math.Cos(a-w)*l, sy + math.Sin(a-w)*l}, {sx + math.Cos(a+w)*l, sy + math.Sin(a+w)*l}})
			}
			c.fill(fade(p[2], 0.3, 0.05, sy, H), rays...)
		}
		if i < layers-1 {
			c.fill(fade(p[5], 0, 0.4, base-th*0.6, base+H*0.03), rect(-1, base-th*0.6, W+1, H+1))
		}
	}
	c.birds(r, p[4], 2+r.intn(4), W*0.1, W*0.9, H*0.08, H*0.3, 18*u)
}

func drawRain(c *canvas, r *artRand) {
	W, H, u := c.W, c.H, c.u
	// sky top, sky bottom, far buildings, near buildings, street top,
	// street bottom, lamp, window
	p := r.palette([][]uint32{
		{0x6b7b8c, 0xb7c2cc, 0x97a4b2, 0x5d6b7a, 0x4a5561, 0x252c35, 0xffd27f, 0xf9dc9c},
		{0x5f7f86, 0xb9cac8, 0x90a8a8, 0x4f6b6e, 0x3f5255, 0x1f2b2d, 0xffcc80, 0xfbe3a6},
		{0x4b4e6d, 0xa59ab8, 0x857fa0, 0x4c4766, 0x3a3550, 0x1e1b29, 0xffc878, 0xf7d79b},
	})
	hz := H * r.between(0.64, 0.7)
	c.sky(gstop{0, p[0]}, gstop{hz / H, p[1]})
	// Heavy clouds.
	var clouds [][]pt
	for i := 0; i < 6; i++ {
		clouds = append(clouds, cloud(r, W*r.f(), H*r.between(0.02, 0.18), H*r.between(0.05, 0.08))...)
	}
	c.fill(solid(p[0].scale(0.88)).alpha(0.7), clouds...)

	type box struct{ x0, x1, top float64 }
	skyline := func(minW, maxW, minH, maxH float64, col rgb, windows bool) []box {
		var boxes []box
		var sil, lit, dark [][]pt
		for x := -r.between(0, maxW); x < W && len(boxes) < 200; {
			w, h := r.between(minW, maxW), r.between(minH, maxH)
			top := hz - h
			boxes = append(boxes, box{x, x + w, top})
			sil = append(sil, rect(x, top, x+w, hz+1))
			if r.chance(0.5) {
				sil = append(sil, []pt{{x - 4*u, top + 1}, {x + w/2, top - w*0.25}, {x + w + 4*u, top + 1}})
			}
			if windows {
				cw, ch := w/4, H*0.07
				for wy := top + ch*0.5; wy < hz-ch; wy += ch {
					for k := 0; k < 3; k++ {
						wx := x + cw*(0.6+float64(k))
						win := rect(wx, wy, wx+cw*0.5, wy+ch*0.55)
						if r.chance(0.3) {
							lit = append(lit, win)
						} else {
							dark = append(dark, win)
						}
					}
				}
			}
			x += w + r.between(0, W*0.01)
		}
		c.fill(solid(col), sil...)
		c.fill(solid(col.scale(0.85)), dark...)
		c.fill(solid(p[7]).alpha(0.85), lit...)
		return boxes
	}
	skyline(W*0.05, W*0.1, H*0.25, H*0.5, p[2], false)
	c.fill(fade(p[1], 0, 0.45, H*0.2, hz), rect(-1, H*0.2, W+1, hz))
	near := skyline(W*0.1, W*0.17, H*0.14, H*0.3, p[3], true)

	// Wet street mirroring the buildings.
	c.fill(vgrad(p[4], p[5], hz, H), rect(-1, hz, W+1, H+1))
	var refl [][]pt
	for _, b := range near {
		refl = append(refl, rect(b.x0, hz, b.x1, hz+(hz-b.top)*0.9))
	}
	c.fill(fade(p[3], 0.5, 0, hz, H), refl...)
	c.fill(solid(p[3].scale(1.2)), rect(-1, hz, W+1, hz+5*u))

	// Street lamp.
	lx := W * r.between(0.12, 0.88)
	ly := H * 0.3
	c.glow(lx, ly+12*u, 150*u, 150*u, p[6], 0.4)
	c.fill(fade(p[6], 0.35, 0, hz, H), taper([]pt{{lx, hz + 10*u}, {lx, hz + H*0.15}, {lx, H}}, 26*u))
	c.fill(solid(p[5]), rect(lx-4*u, ly, lx+4*u, hz+16*u), roundRect(lx-9*u, hz+4*u, lx+9*u, hz+18*u, 3*u),
		[]pt{{lx - 22*u, ly + 6*u}, {lx + 22*u, ly + 6*u}, {lx + 12*u, ly - 12*u}, {lx - 12*u, ly - 12*u}})
	c.fill(solid(lerpRGB(p[6], colWhite(), 0.5)), roundRect(lx-14*u, ly+4*u, lx+14*u, ly+14*u, 4*u))

	// Puddles with rings.
	var puddles, rings [][]pt
	for i := 0; i < 4; i++ {
		py := hz + (H-hz)*r.between(0.25, 0.9)
		t := (py - hz) / (H - hz)
		px, rx := W*r.f(), W*r.between(0.06, 0.14)*(0.5+t)
		puddles = append(puddles, ellipse(px, py, rx, rx*0.12))
		for k := 0; k < 2; k++ {
			qx, qy := px+r.between(-0.5, 0.5)*rx, py+r.between(-0.03, 0.03)*rx
			rr := rx * r.between(0.1, 0.25)
			ring := ellipse(qx, qy, rr, rr*0.25)
			rings = append(rings, ribbon(append(ring, ring[0]), 1.5*u, 1.5*u))
		}
	}
	c.fill(solid(p[1]).alpha(0.3), puddles...)
	c.fill(solid(colWhite()).alpha(0.35), rings...)

	// People under umbrellas.
	umbrellas := []uint32{0xe63946, 0xf4d35e, 0x2a9d8f, 0xee6c4d, 0x3a86ff}
	coats := []uint32{0x2b2d42, 0x3d405b, 0x5c4d3c, 0x264653}
	n := 2 + r.intn(2)
	for i := 0; i < n; i++ {
		fx := W * (float64(i) + r.between(0.2, 0.8)) / float64(n)
		if math.Abs(fx-lx) < W*0.06 {
			fx += W * 0.1
		}
		fy := hz + (H-hz)*r.between(0.35, 0.8)
		h := H * 0.22 * (0.6 + (fy-hz)/(H-hz))
		coat := hexRGB(coats[r.intn(len(coats))])
		umb := hexRGB(umbrellas[r.intn(len(umbrellas))])
		uy, ur := fy-h*0.95, h*0.42
		dome := arc(fx, uy, ur, ur*0.6, math.Pi, 2*math.Pi, 30)
		k := 5
		for j := k - 1; j >= 0; j-- {
			a := fx - ur + 2*ur*(float64(j)+1)/float64(k)
			b := fx - ur + 2*ur*float64(j)/float64(k)
			dome = append(dome, arc((a+b)/2, uy, (a-b)/2, ur*0.08, 0, -math.Pi, 6)[1:]...)
		}
		fig := []artLayer{
			{solid(coat.scale(0.8)), [][]pt{
				ribbon([]pt{{fx - h*0.04, fy - h*0.4}, {fx - h*0.07, fy}}, h*0.07, h*0.06),
				ribbon([]pt{{fx + h*0.04, fy - h*0.4}, {fx + h*0.06, fy}}, h*0.07, h*0.06),
			}},
			{solid(coat), [][]pt{roundRect(fx-h*0.12, fy-h*0.78, fx+h*0.12, fy-h*0.35, h*0.08), circle(fx, fy-h*0.83, h*0.08)}},
			{solid(p[5]), [][]pt{segment(pt{fx, uy}, pt{fx, fy - h*0.55}, h*0.015), segment(pt{fx, uy - ur*0.6}, pt{fx, uy - ur*0.72}, h*0.02)}},
			{solid(umb), [][]pt{dome}},
			{solid(umb.scale(0.8)), func() [][]pt {
				var ribs [][]pt
				for j := 1; j < k; j++ {
					tx := fx - ur + 2*ur*float64(j)/float64(k)
					ribs = append(ribs, taper([]pt{{fx, uy - ur*0.6}, {(fx + tx) / 2, uy - ur*0.4}, {tx, uy}}, h*0.012))
				}
				return ribs
			}()},
		}
		c.fill(solid(rgb{}).alpha(0.15), ellipse(fx, fy, h*0.18, h*0.03))
		c.draw(mirror(fig, fy, 0.22))
		c.draw(fig)
	}

	// Rain.
	var drops, big [][]pt
	slant := r.between(0.18, 0.3)
	for i := 0; i < 380; i++ {
		x, y := r.between(-0.1*W, W), r.between(-0.05*H, H)
		l := r.between(18, 42) * u
		drops = append(drops, segment(pt{x, y}, pt{x + l*slant, y + l}, r.between(1, 1.8)*u))
	}
	for i := 0; i < 40; i++ {
		x, y := r.between(-0.1*W, W), r.between(-0.05*H, H)
		l := r.between(50, 90) * u
		big = append(big, taper([]pt{{x, y}, {x + l*slant/2, y + l/2}, {x + l*slant, y + l}}, 3*u))
	}
	c.fill(solid(lerpRGB(p[1], colWhite(), 0.6)).alpha(0.4), drops...)
	c.fill(solid(colWhite()).alpha(0.22), big...)
}

func drawNight(c *canvas, r *artRand) {
	W, H, u := c.W, c.H, c.u
	// sky top, sky mid, horizon, moon, far hills, houses, window, trees
	p := r.palette([][]uint32{
		{0x070b1f, 0x15224a, 0x34558a, 0xfdf6d8, 0x1a2a52, 0x0d1430, 0xffcf6e, 0x0a1026},
		{0x0d0a24, 0x2a1f52, 0x5a4585, 0xfff3e6, 0x2b2152, 0x140f2c, 0xffc46b, 0x0e0a22},
		{0x061a24, 0x0f3040, 0x236073, 0xe8fff7, 0x113542, 0x071820, 0xffd479, 0x05141b},
	})
	c.sky(gstop{0, p[0]}, gstop{0.45, p[1]}, gstop{0.78, p[2]})
	// Milky Way: a soft diagonal band.
	mx, my, ma := W*r.between(0.3, 0.7), H*0.35, r.between(-0.5, -0.2)
	c.glowTilted(mx, my, W*0.75, H*0.16, ma, lerpRGB(p[2], colWhite(), 0.4), 0.16)
	c.glowTilted(mx, my, W*0.5, H*0.06, ma, lerpRGB(p[2], colWhite(), 0.6), 0.1)
	var stars, bright [][]pt
	for i := 0; i < 160; i++ {
		x, y := W*r.f(), H*0.72*math.Pow(r.f(), 1.3)
		rad := r.between(0.7, 1.8) * u
		if r.chance(0.5) {
			stars = append(stars, circle(x, y, rad))
		} else {
			bright = append(bright, circle(x, y, rad))
		}
	}
	c.fill(solid(colWhite()).alpha(0.5), stars...)
	c.fill(solid(colWhite()).alpha(0.9), bright...)
	var sparkles [][]pt
	for i := 0; i < 5; i++ {
		x, y, s := W*r.f(), H*r.between(0.05, 0.45), r.between(6, 11)*u
		c.glow(x, y, s*2.5, s*2.5, colWhite(), 0.25)
		var star []pt
		for k := 0; k < 8; k++ {
			a := float64(k) * math.Pi / 4
			rr := s
			if k%2 == 1 {
				rr = s * 0.22
			}
			star = append(star, pt{x + rr*math.Cos(a), y + rr*math.Sin(a)})
		}
		sparkles = append(sparkles, star)
	}
	c.fill(solid(colWhite()), sparkles...)

	// Moon.
	mr := H * r.between(0.06, 0.085)
	mcx, mcy := W*r.between(0.15, 0.85), H*r.between(0.15, 0.3)
	c.glow(mcx, mcy, mr*5, mr*5, p[3], 0.22)
	if r.chance(0.5) {
		c.fill(solid(p[3]), circle(mcx, mcy, mr))
		var craters [][]pt
		for i := 0; i < 4; i++ {
			a, d := r.between(0, 2*math.Pi), r.between(0, 0.6)*mr
			craters = append(craters, circle(mcx+d*math.Cos(a), mcy+d*math.Sin(a), mr*r.between(0.1, 0.22)))
		}
		c.fill(solid(p[3].scale(0.9)).alpha(0.35), craters...)
	} else {
		c.fill(solid(p[3]), crescent(mcx, mcy, mr, mr*r.between(0.45, 0.7), r.between(-0.8, 0.2)))
	}
	var wisps [][]pt
	for i := 0; i < 2; i++ {
		y := mcy + r.between(-0.5, 1.2)*mr
		x := mcx + r.between(-3, 3)*mr
		l := W * r.between(0.15, 0.3)
		wisps = append(wisps, roundRect(x-l/2, y, x+l/2, y+mr*0.18, mr*0.09), roundRect(x-l*0.2, y-mr*0.15, x+l*0.3, y+mr*0.05, mr*0.09))
	}
	c.fill(solid(p[2]).alpha(0.35), wisps...)

	// Hills and a row of houses.
	hw := newWaveFn(r, 3, 1.5, W)
	c.fill(solid(p[4]), c.profile(func(x float64) float64 { return H*0.7 + H*0.05*hw.at(x) }))
	base := H * 0.93
	var houses, lit, frames, trees [][]pt
	var glows []pt
	var catAt *pt
	for x := -r.between(0, W*0.05); x < W; {
		w := W * r.between(0.07, 0.13)
		h := H * r.between(0.1, 0.2)
		top := base - h
		roof := w * r.between(0.3, 0.5)
		houses = append(houses, rect(x, top, x+w, H+1), []pt{{x - w*0.08, top + 1}, {x + w/2, top - roof}, {x + w*1.08, top + 1}})
		if r.chance(0.5) {
			cx := x + w*r.between(0.6, 0.8)
			houses = append(houses, rect(cx, top-roof*0.8, cx+w*0.1, top-roof*0.2))
		}
		if catAt == nil && r.chance(0.3) {
			catAt = &pt{x + w*0.25, top - roof*0.5}
		}
		nw := 1 + r.intn(3)
		for k := 0; k < nw; k++ {
			ww := w * 0.16
			wx := x + w*(float64(k)+0.5)/float64(nw) - ww/2
			wy := top + h*r.between(0.2, 0.35)
			if r.chance(0.55) {
				lit = append(lit, rect(wx, wy, wx+ww, wy+ww*1.2))
				frames = append(frames, rect(wx+ww*0.45, wy, wx+ww*0.55, wy+ww*1.2), rect(wx, wy+ww*0.55, wx+ww, wy+ww*0.65))
				glows = append(glows, pt{wx + ww/2, wy + ww*0.6})
			}
		}
		x += w * r.between(1.12, 1.5)
		if r.chance(0.6) {
			th := H * r.between(0.12, 0.22)
			if r.chance(0.5) {
				trees = append(trees, pine(x-w*0.18, base+2*u, th, th*0.4, 5))
			} else {
				trees = append(trees, roundTree(r, x-w*0.18, base+2*u, th)...)
			}
		}
	}
	c.fill(solid(p[7]), trees...)
	c.fill(solid(p[5]), houses...)
	for _, g := range glows {
		c.glow(g.x, g.y, 45*u, 45*u, p[6], 0.22)
	}
	c.fill(solid(p[6]), lit...)
	c.fill(solid(p[5]), frames...)
	if catAt != nil {
		x, y, s := catAt.x, catAt.y, 14*u
		c.fill(solid(p[5]),
			ellipse(x, y-s*0.6, s*0.55, s*0.75), circle(x, y-s*1.5, s*0.42),
			[]pt{{x - s*0.4, y - s*1.6}, {x - s*0.35, y - s*2.1}, {x - s*0.08, y - s*1.85}},
			[]pt{{x + s*0.4, y - s*1.6}, {x + s*0.35, y - s*2.1}, {x + s*0.08, y - s*1.85}},
			ribbon(quadBez(pt{x + s*0.4, y - s*0.1}, pt{x + s*1.4, y}, pt{x + s*1.2, y - s*1.1}, 10), s*0.2, s*0.12))
	}
	c.fill(solid(p[5]), rect(-1, base, W+1, H+1))
}

// crescent is the lit part of a moon of radius rad centred at (cx, cy) when a
// shadow disc of the same size sits d away in direction ang.
func crescent(cx, cy, rad, d, ang float64) []pt {
	d = min(max(d, rad*0.05), rad*1.9)
	al := math.Acos(d / (2 * rad))
	var out []pt
	out = append(out, arc(cx, cy, rad, rad, ang+al, ang+2*math.Pi-al, 48)...)
	sx, sy := cx+d*math.Cos(ang), cy+d*math.Sin(ang)
	// Inner edge: the shadow disc's arc inside the moon, back to the start.
	out = append(out, arc(sx, sy, rad, rad, ang+math.Pi+al, ang+math.Pi-al, 48)[1:]...)
	return out
}

func drawTemple(c *canvas, r *artRand) {
	W, H, u := c.W, c.H, c.u
	// sky top, sky mid, sky low, horizon, sun, hills, temple, trim, water
	p := r.palette([][]uint32{
		{0x2e1f5e, 0xa4487a, 0xf28c5b, 0xffd27a, 0xfff0b5, 0x9a5a78, 0x2b1530, 0xffb35c, 0x6b3a5e},
		{0x4a3070, 0xd9705f, 0xf2b07a, 0xfbe0a0, 0xfff7d6, 0xb07a7a, 0x3a1f2b, 0xffd27a, 0x8a5a6a},
		{0x4a6fa5, 0xe8a0b4, 0xfbd0b0, 0xfde8c8, 0xfffaf0, 0x9a8fb5, 0x2f2a4a, 0xffe0a8, 0x7a7aa5},
	})
	base := H * r.between(0.74, 0.78)
	c.sky(gstop{0, p[0]}, gstop{0.35, p[1]}, gstop{0.6, p[2]}, gstop{base / H, p[3]})
	sx, sy, sr := W*r.between(0.3, 0.7), H*r.between(0.38, 0.5), H*r.between(0.12, 0.16)
	c.glow(sx, sy, W*0.55, H*0.6, p[4], 0.45)
	c.fill(solid(p[4]), circle(sx, sy, sr))
	var streaks [][]pt
	for i := 0; i < 4; i++ {
		y, x, l := H*r.between(0.1, 0.45), W*r.f(), W*r.between(0.15, 0.35)
		th := H * r.between(0.01, 0.02)
		streaks = append(streaks, roundRect(x-l/2, y, x+l/2, y+th, th/2))
	}
	c.fill(solid(lerpRGB(p[3], colWhite(), 0.3)).alpha(0.3), streaks...)
	hw := newWaveFn(r, 3, 2, W)
	c.fill(solid(lerpRGB(p[5], p[3], 0.2)), c.profile(func(x float64) float64 { return base - H*0.05 + H*0.025*hw.at(x) }))

	var scene []artLayer
	add := func(p paint, polys ...[]pt) { scene = append(scene, artLayer{p, polys}) }
	tc := p[6]
	back := lerpRGB(p[6], p[5], 0.35)
	cx := W * r.between(0.42, 0.58)
	S := H * 0.9 // overall scale of the building

	// Chedi (stupa) behind to one side.
	side := 1.0
	if r.chance(0.5) {
		side = -1
	}
	chx := cx + side*W*r.between(0.25, 0.32)
	chedi := func(x, s float64) [][]pt {
		y := base
		var out [][]pt
		out = append(out, rect(x-s*0.2, y-s*0.05, x+s*0.2, y+1), rect(x-s*0.16, y-s*0.09, x+s*0.16, y-s*0.05+1), rect(x-s*0.13, y-s*0.12, x+s*0.13, y-s*0.09+1))
		bell := []pt{{x - s*0.13, y - s*0.12}}
		bell = append(bell, quadBez(pt{x - s*0.13, y - s*0.12}, pt{x - s*0.13, y - s*0.36}, pt{x - s*0.035, y - s*0.4}, 12)[1:]...)
		bell = append(bell, quadBez(pt{x + s*0.035, y - s*0.4}, pt{x + s*0.13, y - s*0.36}, pt{x + s*0.13, y - s*0.12}, 12)...)
		out = append(out, bell, rect(x-s*0.05, y-s*0.45, x+s*0.05, y-s*0.39))
		out = append(out, []pt{{x - s*0.035, y - s*0.45}, {x, y - s}, {x + s*0.035, y - s*0.45}})
		for k := 0; k < 6; k++ {
			ry := y - s*(0.48+0.05*float64(k))
			out = append(out, ellipse(x, ry, s*(0.035-0.004*float64(k)), s*0.012))
		}
		return out
	}
	add(solid(back), chedi(chx, S*r.between(0.55, 0.7))...)
	if r.chance(0.6) {
		add(solid(back), chedi(cx-side*W*0.3, S*r.between(0.35, 0.45))...)
	}

	// Platform and hall.
	bw := W * r.between(0.26, 0.32)
	hallTop := base - H*0.22
	foot := base - H*0.05
	add(solid(tc), rect(cx-bw*0.72, base-H*0.025, cx+bw*0.72, base+1), rect(cx-bw*0.64, foot, cx+bw*0.64, base-H*0.025+1), rect(cx-bw/2, hallTop, cx+bw/2, foot+1))
	// Lit doorway and windows with pointed arches.
	var doors [][]pt
	arch := func(x, y0, y1, w float64) []pt {
		d := []pt{{x - w/2, y1}, {x - w/2, y0}}
		d = append(d, quadBez(pt{x - w/2, y0}, pt{x - w/2, y0 - w*0.9}, pt{x, y0 - w*1.3}, 8)[1:]...)
		d = append(d, quadBez(pt{x, y0 - w*1.3}, pt{x + w/2, y0 - w*0.9}, pt{x + w/2, y0}, 8)[1:]...)
		return append(d, pt{x + w/2, y1})
	}
	doors = append(doors, arch(cx, foot-H*0.07, foot, bw*0.1))
	for _, s := range []float64{-1, 1} {
		for k := 1; k <= 2; k++ {
			x := cx + s*bw*(0.1+0.16*float64(k))
			doors = append(doors, arch(x, foot-H*0.06, foot-H*0.02, bw*0.05))
		}
	}
	add(solid(lerpRGB(p[7], p[4], 0.4)).alpha(0.9), doors...)
	add(solid(tc), rect(cx-bw*0.003-1.5*u, foot-H*0.07, cx+bw*0.003+1.5*u, foot))

	// Roofs: wide skirts stepping down and out at the sides, and a steep
	// front gable with two more gables rising behind it.
	k := 1.55
	hw0 := bw * 0.42
	eave0 := hallTop + H*0.01
	gableH := k * hw0 * 0.95
	rake := func(s, dy float64) []pt {
		return quadBez(pt{cx + s*hw0, eave0 - dy}, pt{cx + s*hw0*0.5, eave0 - dy - gableH*0.42}, pt{cx, eave0 - dy - gableH}, 16)
	}
	gable := func(dy float64) []pt {
		g := rake(-1, dy)
		right := rake(1, dy)
		for i := len(right) - 2; i >= 0; i-- {
			g = append(g, right[i])
		}
		return g
	}
	hook := func(e pt, s, size float64) []pt {
		return taper(quadBez(pt{e.x - s*size*0.6, e.y}, pt{e.x + s*size*0.7, e.y + size*0.15}, pt{e.x + s*size*0.9, e.y - size*1.3}, 10), size*0.4)
	}
	chofa := func(a pt, size float64) []pt {
		return taper(quadBez(pt{a.x, a.y + size*0.3}, pt{a.x - size*0.08, a.y - size*0.9}, pt{a.x + size*0.4, a.y - size*1.25}, 14), size*0.22)
	}
	type tier struct{ hw, eave float64 }
	tiers := []tier{{hw0, eave0}, {hw0 + bw*0.13, eave0 + H*0.025}, {hw0 + bw*0.25, eave0 + H*0.05}}
	for i := len(tiers) - 1; i >= 1; i-- {
		t := tiers[i]
		prev := tiers[i-1]
		h := k * (t.hw - prev.hw*0.85) * 0.9
		col := lerpRGB(tc, back, 0.12*float64(i))
		add(solid(col), []pt{{cx - t.hw, t.eave}, {cx - prev.hw*0.85, t.eave - h}, {cx + prev.hw*0.85, t.eave - h}, {cx + t.hw, t.eave}},
			hook(pt{cx - t.hw, t.eave}, -1, 20*u), hook(pt{cx + t.hw, t.eave}, 1, 20*u))
		add(solid(p[7]).alpha(0.75), segment(pt{cx - t.hw, t.eave}, pt{cx - prev.hw*0.85, t.eave - h}, 3*u), segment(pt{cx + t.hw, t.eave}, pt{cx + prev.hw*0.85, t.eave - h}, 3*u), rect(cx-t.hw, t.eave-2*u, cx+t.hw, t.eave+1*u))
	}
	for i := 2; i >= 0; i-- {
		dy := float64(i) * H * 0.05
		col := lerpRGB(tc, back, 0.14*float64(i))
		apex := pt{cx, eave0 - dy - gableH}
		fins := [][]pt{gable(dy), chofa(apex, H*0.07)}
		if i == 0 {
			fins = append(fins, hook(pt{cx - hw0, eave0}, -1, 24*u), hook(pt{cx + hw0, eave0}, 1, 24*u))
			// Serrated fins (bai raka) along the front rakes.
			for _, s := range []float64{-1, 1} {
				line := rake(s, 0)
				for j := 2; j < len(line)-1; j++ {
					q, q2 := line[j], line[j+1]
					dx, dy := q2.x-q.x, q2.y-q.y
					l := math.Hypot(dx, dy)
					if l == 0 {
						continue
					}
					dx, dy = dx/l, dy/l
					nx, ny := dy, -dx
					if ny > 0 {
						nx, ny = -nx, -ny
					}
					fs := 13 * u
					fins = append(fins, []pt{{q.x - dx*fs*0.4, q.y - dy*fs*0.4}, {q.x + nx*fs + dx*fs*0.45, q.y + ny*fs + dy*fs*0.45}, {q.x + dx*fs*0.4, q.y + dy*fs*0.4}})
				}
			}
		}
		add(solid(col), fins...)
		add(solid(p[7]).alpha(0.8), ribbon(rake(-1, dy), 4*u, 2*u), ribbon(rake(1, dy), 4*u, 2*u))
	}
	add(solid(p[7]).alpha(0.8), rect(cx-hw0, eave0-2*u, cx+hw0, eave0+2*u))
	// Carved panel inside the front gable.
	inner := []pt{}
	for _, q := range rake(-1, 0) {
		inner = append(inner, pt{cx + (q.x-cx)*0.72, eave0 - 8*u - (eave0-q.y)*0.72})
	}
	for _, q := range reversed(rake(1, 0)) {
		inner = append(inner, pt{cx + (q.x-cx)*0.72, eave0 - 8*u - (eave0-q.y)*0.72})
	}
	add(solid(lerpRGB(tc, p[7], 0.12)), inner)
	trim := append([]pt{}, inner...)
	trim = append(trim, inner[0])
	add(solid(p[7]).alpha(0.45), ribbon(trim, 2*u, 2*u))
	em := pt{cx, eave0 - gableH*0.3}
	var petals [][]pt
	for j := -2; j <= 2; j++ {
		a := -math.Pi/2 + float64(j)*0.42
		l := hw0 * (0.26 - 0.03*math.Abs(float64(j)))
		petals = append(petals, taper([]pt{em, {em.x + math.Cos(a)*l*0.5, em.y + math.Sin(a)*l*0.5}, {em.x + math.Cos(a)*l, em.y + math.Sin(a)*l}}, l*0.3))
	}
	add(solid(p[7]).alpha(0.55), petals...)

	// Palms.
	var palms [][]pt
	for _, s := range []float64{-1, 1} {
		for i, n := 0, 1+r.intn(2); i < n; i++ {
			x := cx + s*W*r.between(0.36, 0.5)
			palms = append(palms, palm(r, x, base+2*u, H*r.between(0.32, 0.5), -s*r.between(0.05, 0.2))...)
		}
	}
	add(solid(tc), palms...)

	// Pond in front, mirroring it all.
	c.draw(scene)
	c.fill(vgrad(lerpRGB(p[3], p[8], 0.5), p[8].scale(0.7), base, H), rect(-1, base, W+1, H+1))
	c.draw(mirror(scene, base, 0.45))
	var glints [][]pt
	for y := base + 4*u; y < H; {
		t := (y - base) / max(1, H-base)
		hw := sr * (0.5 + 0.9*t) * r.between(0.5, 1)
		gx := sx + r.between(-0.5, 0.5)*sr
		glints = append(glints, taper([]pt{{gx - hw, y}, {gx, y}, {gx + hw, y}}, 2.5*u+3*u*t))
		y += 9*u + 18*u*t
	}
	c.fill(fade(p[4], 0.7, 0.2, base, H), glints...)
	c.fill(solid(tc), rect(-1, base-2*u, W+1, base+4*u))
	c.birds(r, tc, 3+r.intn(3), W*0.1, W*0.9, H*0.08, H*0.25, 20*u)
}

// reversed returns the points in reverse order, as a new slice.
func reversed(p []pt) []pt {
	out := make([]pt, len(p))
	for i, v := range p {
		out[len(p)-1-i] = v
	}
	return out
}

// bez evaluates a quadratic Bézier curve at t.
func bez(p0, p1, p2 pt, t float64) pt {
	a, b, d := (1-t)*(1-t), 2*(1-t)*t, t*t
	return pt{a*p0.x + b*p1.x + d*p2.x, a*p0.y + b*p1.y + d*p2.y}
}

func drawFields(c *canvas, r *artRand) {
	W, H, u := c.W, c.H, c.u
	// sky top, horizon, far hills, near hills, greens ×5, riser, hut wall,
	// hut roof, trees, sun
	p := r.palette([][]uint32{
		{0x8fd0f0, 0xf2f8e8, 0xa6c3b8, 0x86ab97, 0x9ccc65, 0x8bc34a, 0x7cb342, 0xaed581, 0xc5e1a5, 0x5b8c3a, 0xa1887f, 0xc9a66b, 0x3f6b3a, 0xfffdf0},
		{0xa7cfe8, 0xfbf3dc, 0xb9c4b0, 0x99a98c, 0xd4c05a, 0xc8b14a, 0xe0cf73, 0xb9a640, 0xa9c25a, 0x8a7a3a, 0x9c7b5b, 0xa88b5a, 0x56683a, 0xfffbe8},
		{0xc7d9dd, 0xf4efe4, 0xb3c4c4, 0x8fa8a3, 0x7fb77e, 0x6aa86b, 0x92c28d, 0x5e9c60, 0xa8d5a2, 0x4b7a4d, 0x8d7b6a, 0xb49a6c, 0x355c3c, 0xffffff},
	})
	hz := H * r.between(0.34, 0.4)
	c.sky(gstop{0, p[0]}, gstop{hz / H, p[1]})
	sx, sy := W*r.between(0.15, 0.85), H*r.between(0.08, 0.2)
	c.glow(sx, sy, W*0.35, H*0.4, p[13], 0.5)
	c.fill(solid(p[13]), circle(sx, sy, H*0.045))
	var clouds [][]pt
	for i, n := 0, 1+r.intn(3); i < n; i++ {
		clouds = append(clouds, cloud(r, W*r.f(), H*r.between(0.06, 0.2), H*r.between(0.025, 0.04))...)
	}
	c.fill(solid(colWhite()).alpha(0.85), clouds...)
	fw, nw := midpoint(r, 6, 0.5), newWaveFn(r, 3, 1.6, W)
	c.fill(solid(p[2]), c.profile(func(x float64) float64 { return hz - H*0.02 - H*0.08*(0.5+0.5*sampleProfile(fw, x/max(W, 1))) }))
	c.fill(fade(p[1], 0, 0.6, hz-H*0.08, hz+H*0.02), rect(-1, hz-H*0.08, W+1, hz+H*0.02))
	c.fill(solid(p[3]), c.profile(func(x float64) float64 { return hz + H*0.01 + H*0.03*nw.at(x) }))

	// Terraces: contour lines that follow one hillside, wider apart and
	// more curved towards the viewer.
	const K = 11
	// The hillside: one or two rounded bumps, so the terraces curve around
	// them like contour lines.
	wob := newWaveFn(r, 3, 1.2, W)
	b1, s1 := W*r.between(0.25, 0.75), W*r.between(0.16, 0.28)
	b2, s2, w2 := W*r.between(0, 1), W*r.between(0.15, 0.3), r.between(-0.6, 0.7)
	shape := func(x float64) float64 {
		g1 := math.Exp(-(x - b1) * (x - b1) / (2 * s1 * s1))
		g2 := math.Exp(-(x - b2) * (x - b2) / (2 * s2 * s2))
		return -g1 - w2*g2 + 0.2*wob.at(x)
	}
	contour := func(i int) func(x float64) float64 {
		t := float64(i) / K
		y0 := hz + H*0.1 + (H-hz)*math.Pow(t, 1.3)
		a := H * (0.06 + 0.15*t)
		return func(x float64) float64 { return y0 + a*shape(x) }
	}
	greens := p[4:9]
	for i := 0; i <= K; i++ {
		a, b := contour(i), contour(i+1)
		t := float64(i) / K
		col := greens[(i*3+r.intn(2))%len(greens)]
		if r.chance(0.2) {
			col = lerpRGB(col, p[1], 0.45) // flooded, mirroring the sky
		}
		b0 := b
		b = func(x float64) float64 { return max(b0(x), a(x)+0.5) }
		if i == K {
			b = func(float64) float64 { return H + 2 }
		}
		ya, yb := a(b1), b(b1+s1)
		c.fill(vgrad(col.scale(1.05), col.scale(0.93), min(ya, yb), max(ya, yb)), c.band(a, b))
		// Faint rows of rice following the contour.
		var rows [][]pt
		for k := 1; k <= 2; k++ {
			f := float64(k) / 3
			rows = append(rows, ribbon(curveOf(func(x float64) float64 { return a(x) + (b(x)-a(x))*f }, -2, W+2, 120), (1+2*t)*u, (1+2*t)*u))
		}
		c.fill(solid(col.scale(0.9)).alpha(0.35), rows...)
		// The wall of the terrace above, and its lit lip.
		if i > 0 {
			wall := ribbon(curveOf(func(x float64) float64 { return a(x) + (2+5*t)*u }, -2, W+2, 120), (3+9*t)*u, (3+9*t)*u)
			c.fill(solid(p[9]).alpha(0.75), wall)
			c.fill(solid(colWhite()).alpha(0.3), ribbon(curveOf(a, -2, W+2, 120), (1+2*t)*u, (1+2*t)*u))
		}
	}

	// Hut on stilts, with a palm and a few trees.
	j := 4 + r.intn(3)
	hx := W * r.between(0.15, 0.85)
	hy := contour(j)(hx) + (contour(j+1)(hx)-contour(j)(hx))*0.6
	s := H * 0.13 * (0.6 + float64(j)/K)
	wall, roof := p[10], p[11]
	var trees [][]pt
	trees = append(trees, palm(r, hx+s*r.between(0.8, 1.1), hy+2*u, s*2.2, r.between(-0.2, 0.1))...)
	trees = append(trees, roundTree(r, hx-s*r.between(1, 1.4), hy, s*1.2)...)
	c.fill(solid(p[12]), trees...)
	c.fill(solid(rgb{}).alpha(0.15), ellipse(hx, hy, s*0.7, s*0.08))
	c.fill(solid(wall.scale(0.6)), rect(hx-s*0.45, hy-s*0.35, hx-s*0.4, hy), rect(hx+s*0.4, hy-s*0.35, hx+s*0.45, hy), rect(hx-s*0.05, hy-s*0.35, hx, hy))
	c.fill(solid(wall), rect(hx-s*0.5, hy-s*0.72, hx+s*0.5, hy-s*0.3))
	c.fill(solid(wall.scale(0.75)), rect(hx-s*0.55, hy-s*0.35, hx+s*0.55, hy-s*0.3), rect(hx-s*0.1, hy-s*0.65, hx+s*0.12, hy-s*0.35))
	roofPoly := []pt{{hx - s*0.75, hy - s*0.6}, {hx - s*0.32, hy - s*1.15}, {hx + s*0.32, hy - s*1.15}, {hx + s*0.75, hy - s*0.6}}
	c.fill(solid(roof), roofPoly)
	var thatch [][]pt
	for k := 1; k < 4; k++ {
		f := float64(k) / 4
		y := hy - s*0.6 - s*0.55*f
		hw := s*0.75 - s*0.43*f
		thatch = append(thatch, rect(hx-hw, y-1*u, hx+hw, y+1*u))
	}
	c.fill(solid(roof.scale(0.78)), thatch...)
	c.fill(solid(roof.scale(0.7)), rect(hx-s*0.36, hy-s*1.19, hx+s*0.36, hy-s*1.13))

	// Farmers in conical hats.
	for i, n := 0, 1+r.intn(3); i < n; i++ {
		jj := 7 + r.intn(3)
		fx := W * r.between(0.08, 0.92)
		fy := contour(jj)(fx) + (contour(jj+1)(fx)-contour(jj)(fx))*r.between(0.4, 0.8)
		h := H * 0.07 * (0.6 + float64(jj)/K)
		shirts := []uint32{0x3d5a80, 0x6d597a, 0x2a9d8f, 0xe07a5f}
		c.draw(figure(fx, fy, h, hexRGB(shirts[r.intn(len(shirts))]), hexRGB(0x2b2d42), hexRGB(0xa86b3c)))
		c.fill(solid(hexRGB(0xe9d8a6)), []pt{{fx - h*0.22, fy - h*0.86}, {fx, fy - h*1.08}, {fx + h*0.22, fy - h*0.86}})
	}
	c.birds(r, colWhite(), 2+r.intn(3), W*0.1, W*0.9, H*0.08, hz-H*0.05, 16*u)
}
