package media_test

import (
	"os"
	"testing"

	"dateline/internal/media/mediatest"
)

// TestMain stops the S3 server the tests shared.
func TestMain(m *testing.M) { os.Exit(mediatest.Main(m)) }
