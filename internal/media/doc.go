// Package media turns an uploaded picture into the files the site serves
// and the content.Image that articles refer to. It accepts JPEG, PNG, WebP
// and GIF, decides the type from the bytes alone, refuses decompression
// bombs before decoding, strips every byte of metadata by re-encoding the
// pixels, and writes resized copies for srcset.
//
// A Service does the work; a Storage keeps the files (Dir is the local
// folder that the site serves at /media/).
package media
