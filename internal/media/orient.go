package media

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/color"

	"golang.org/x/image/draw"
)

// exifOrientation reads the orientation tag (1 to 8) from the Exif APP1
// segment of a JPEG, the way cameras and phones say "this photo was taken
// sideways". Anything missing, unusual or malformed reads as 1, upright:
// a wrong guess only leaves the photo as the decoder sees it.
func exifOrientation(data []byte) int {
	if !bytes.HasPrefix(data, []byte{0xff, 0xd8}) {
		return 1
	}
	for i := 2; i+4 <= len(data); {
		if data[i] != 0xff {
			return 1
		}
		marker := data[i+1]
		switch {
		case marker == 0xff: // fill byte
			i++
			continue
		case marker == 0xda || marker == 0xd9: // start of scan, end of image: metadata comes before
			return 1
		case marker == 0x01 || marker >= 0xd0 && marker <= 0xd7: // markers without a length
			i += 2
			continue
		}
		n := int(binary.BigEndian.Uint16(data[i+2:]))
		if n < 2 || i+2+n > len(data) {
			return 1
		}
		seg := data[i+4 : i+2+n]
		if marker == 0xe1 && bytes.HasPrefix(seg, []byte("Exif\x00\x00")) {
			return tiffOrientation(seg[6:])
		}
		i += 2 + n
	}
	return 1
}

// tiffOrientation finds tag 0x0112 in the first IFD of Exif's TIFF
// structure.
func tiffOrientation(t []byte) int {
	if len(t) < 8 {
		return 1
	}
	var order binary.ByteOrder
	switch string(t[:2]) {
	case "II":
		order = binary.LittleEndian
	case "MM":
		order = binary.BigEndian
	default:
		return 1
	}
	if order.Uint16(t[2:]) != 42 {
		return 1
	}
	off := uint64(order.Uint32(t[4:]))
	if off+2 > uint64(len(t)) {
		return 1
	}
	entries := uint64(order.Uint16(t[off:]))
	for k := range entries {
		e := off + 2 + 12*k
		if e+12 > uint64(len(t)) {
			return 1
		}
		if order.Uint16(t[e:]) != 0x0112 {
			continue
		}
		const typeShort = 3
		if order.Uint16(t[e+2:]) != typeShort || order.Uint32(t[e+4:]) != 1 {
			return 1
		}
		if v := int(order.Uint16(t[e+8:])); v >= 1 && v <= 8 {
			return v
		}
		return 1
	}
	return 1
}

// orient turns the pixels the way Exif orientation o asks, so the photo
// stays upright once the metadata is gone. Orientation 1 (or an unknown
// value) returns img itself.
func orient(img image.Image, o int) image.Image {
	if o < 2 || o > 8 {
		return img
	}
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	dw, dh := w, h
	if o >= 5 {
		dw, dh = h, w
	}
	dst := image.NewRGBA(image.Rect(0, 0, dw, dh))
	at := pixelReader(img)
	for y := range h {
		for x := range w {
			var dx, dy int
			switch o {
			case 2: // mirrored
				dx, dy = w-1-x, y
			case 3: // upside down
				dx, dy = w-1-x, h-1-y
			case 4: // mirrored upside down
				dx, dy = x, h-1-y
			case 5: // mirrored, turned
				dx, dy = y, x
			case 6: // turn a quarter clockwise
				dx, dy = h-1-y, x
			case 7: // mirrored, turned the other way
				dx, dy = h-1-y, w-1-x
			case 8: // turn a quarter anticlockwise
				dx, dy = y, w-1-x
			}
			c := at(b.Min.X+x, b.Min.Y+y)
			i := dy*dst.Stride + dx*4
			copy(dst.Pix[i:i+4], c[:])
		}
	}
	return dst
}

// pixelReader returns a fast way to read img's pixels as premultiplied
// RGBA: directly for the YCbCr and RGBA images that decoded photos are,
// and through one conversion for anything else (grey or CMYK JPEGs).
func pixelReader(img image.Image) func(x, y int) [4]uint8 {
	switch m := img.(type) {
	case *image.YCbCr:
		return func(x, y int) [4]uint8 {
			yi, ci := m.YOffset(x, y), m.COffset(x, y)
			r, g, b := color.YCbCrToRGB(m.Y[yi], m.Cb[ci], m.Cr[ci])
			return [4]uint8{r, g, b, 0xff}
		}
	case *image.RGBA:
		return func(x, y int) [4]uint8 {
			i := m.PixOffset(x, y)
			return [4]uint8(m.Pix[i : i+4])
		}
	}
	rgba := image.NewRGBA(img.Bounds())
	draw.Draw(rgba, rgba.Bounds(), img, img.Bounds().Min, draw.Src)
	return pixelReader(rgba)
}
