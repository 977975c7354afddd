//go:build tools

// Package tools pins kwok (fake nodes that run pods through configured stages).
package tools

import (
	_ "sigs.k8s.io/kwok/cmd/kwok"
)
