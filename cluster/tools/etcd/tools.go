//go:build tools

// Package tools pins the etcd server the local control plane builds.
// Kept apart from the Kubernetes module so the two dependency graphs never mix.
package tools

import (
	_ "go.etcd.io/etcd/server/v3"
)
