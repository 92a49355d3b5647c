//go:build grpcdial

package main

import "google.golang.org/grpc"

// newClient for grpc-go before 1.63 (no grpc.NewClient): grpc.Dial, non-blocking, as old code did.
func newClient(target string, opts ...grpc.DialOption) (*grpc.ClientConn, error) {
	return grpc.Dial(target, opts...)
}
