//go:build tools

// Package tools pins the weed command to this module's go.mod.
package tools

import _ "github.com/seaweedfs/seaweedfs/weed"
