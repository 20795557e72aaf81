package demo

import "image"

// Portrait paints a member's photo for the demo: a head and shoulders in
// silhouette against a soft studio backdrop, size pixels square. Like
// Draw, the same seed and size always give the same picture, and the
// demo's people are as invented as their faces.
func Portrait(seed uint64, size int) *image.RGBA {
	if size <= 0 {
		return image.NewRGBA(image.Rectangle{})
	}
	c := newCanvas(size, size)
	r := newArtRand(seed, "portrait")
	// backdrop top, backdrop bottom, skin, hair, clothes
	p := r.palette([][]uint32{
		{0xd7e3ee, 0x7d96ad, 0xc99a7b, 0x2b211c, 0x2f4a66},
		{0xf1e3d3, 0xb18f74, 0xa8765a, 0x1c1613, 0x6b2f3a},
		{0xdfe9df, 0x7f9a86, 0xe0b596, 0x4a3426, 0x34495e},
		{0xe9e1f0, 0x8d7fa6, 0x8c5f45, 0x14100e, 0x3d5c4a},
	})
	S := float64(size)
	c.sky(gstop{0, p[0]}, gstop{1, p[1]})
	c.glow(S*r.between(0.35, 0.65), S*0.35, S*0.6, S*0.6, lerpRGB(p[0], colWhite(), 0.6), 0.35)
	cx := S * r.between(0.46, 0.54)
	headY, headR := S*r.between(0.38, 0.42), S*r.between(0.15, 0.18)
	// Shoulders, then the neck and the head over them, then the hair.
	c.fill(vgrad(p[4], lerpRGB(p[4], rgb{}, 0.35), S*0.62, S), ellipse(cx, S*1.02, S*r.between(0.36, 0.42), S*0.36))
	c.fill(solid(lerpRGB(p[2], rgb{}, 0.15)), rect(cx-headR*0.42, headY+headR*0.6, cx+headR*0.42, S*0.72))
	c.fill(solid(p[2]), ellipse(cx, headY, headR*0.86, headR))
	hair := ellipse(cx, headY-headR*r.between(0.35, 0.5), headR*0.94, headR*r.between(0.6, 0.75))
	c.fill(solid(p[3]), hair)
	return c.img
}
