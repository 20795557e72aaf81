package media

import (
	"bytes"
	"errors"
	"image"
	"image/gif"
	"image/jpeg"
	"image/png"
	"io"

	"golang.org/x/image/webp"
)

// format is a kind of file that Save accepts, with its own decoders (called
// directly, so that whatever else registers with package image in the same
// program can never widen what is accepted) and the form it is stored in.
type format struct {
	name         string
	decodeConfig func(io.Reader) (image.Config, error)
	decode       func(io.Reader) (image.Image, error)
	// out is how the image is stored: "jpeg" or "png".
	out string
}

var (
	formatJPEG = &format{"jpeg", jpeg.DecodeConfig, jpeg.Decode, "jpeg"}
	formatPNG  = &format{"png", png.DecodeConfig, png.Decode, "png"}
	// GIF is stored as PNG: same pixels, smaller file, no animation
	// (animated GIFs are refused).
	formatGIF = &format{"gif", gif.DecodeConfig, gif.Decode, "png"}
	// WebP is stored as JPEG because there is no WebP encoder in Go's
	// libraries; transparency is flattened onto white.
	formatWebP = &format{"webp", webp.DecodeConfig, webp.Decode, "jpeg"}
)

// ext is the file extension of the stored form.
func (f *format) ext() string {
	if f.out == "png" {
		return ".png"
	}
	return ".jpg"
}

// sniff names the format from the first bytes of the file, or returns nil.
// The file's name and the Content-Type the browser sent are never asked.
func sniff(data []byte) *format {
	switch {
	case bytes.HasPrefix(data, []byte("\xff\xd8\xff")):
		return formatJPEG
	case bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")):
		return formatPNG
	case bytes.HasPrefix(data, []byte("GIF87a")), bytes.HasPrefix(data, []byte("GIF89a")):
		return formatGIF
	case len(data) >= 12 && string(data[:4]) == "RIFF" && string(data[8:12]) == "WEBP":
		return formatWebP
	}
	return nil
}

var errBadGIF = errors.New("malformed GIF")

// gifFrames counts the images in a GIF by walking its blocks without
// decoding any pixels, so that an animation can be refused before
// gif.DecodeAll would hold every frame in memory.
func gifFrames(data []byte) (int, error) {
	const header = 13 // signature, version, logical screen descriptor
	if len(data) < header {
		return 0, errBadGIF
	}
	i := header
	if flags := data[10]; flags&0x80 != 0 {
		i += 3 << (flags&0x07 + 1) // global colour table
	}
	frames := 0
	for {
		if i >= len(data) {
			if i == len(data) && frames > 0 {
				return frames, nil // the trailer is missing, as in some real files
			}
			return 0, errBadGIF
		}
		switch data[i] {
		case 0x3b: // trailer
			return frames, nil
		case 0x21: // extension: label, then data sub-blocks
			i += 2
		case 0x2c: // image descriptor
			frames++
			if i+10 > len(data) {
				return 0, errBadGIF
			}
			flags := data[i+9]
			i += 10
			if flags&0x80 != 0 {
				i += 3 << (flags&0x07 + 1) // local colour table
			}
			i++ // LZW minimum code size, then data sub-blocks
		default:
			return 0, errBadGIF
		}
		var ok bool
		if i, ok = skipSubBlocks(data, i); !ok {
			return 0, errBadGIF
		}
	}
}

// skipSubBlocks steps over a chain of GIF data sub-blocks starting at i and
// its zero-length terminator.
func skipSubBlocks(data []byte, i int) (int, bool) {
	for {
		if i >= len(data) {
			return 0, false
		}
		n := int(data[i])
		i += 1 + n
		if n == 0 {
			return i, true
		}
	}
}
