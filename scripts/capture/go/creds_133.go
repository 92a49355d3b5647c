//go:build grpc133

package main

import "google.golang.org/grpc"

// grpc-go 1.33 (Debian 12's golang-google-grpc-dev) has no credentials/insecure package.
func insecureCreds() grpc.DialOption { return grpc.WithInsecure() }
