//go:build !grpcdial

package main

import "google.golang.org/grpc"

// newClient: grpc.NewClient (grpc-go >= 1.63). Older builds use client_dial.go (-tags grpcdial).
func newClient(target string, opts ...grpc.DialOption) (*grpc.ClientConn, error) {
	return grpc.NewClient(target, opts...)
}
