// Package toolchains pins the modules the compile checks build edited samples against.
package toolchains

import (
	_ "google.golang.org/grpc"
	_ "google.golang.org/grpc/codes"
	_ "google.golang.org/grpc/credentials/insecure"
	_ "google.golang.org/grpc/health/grpc_health_v1"
	_ "google.golang.org/grpc/status"
)
