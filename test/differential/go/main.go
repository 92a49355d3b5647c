// sc-probe-go: feeds service configs to grpc-go and reports what it does with each.
// stdin: {"cases":[{"id","config","path"}]}; stdout: one JSON line per case:
// {"id","outcome":"rejected","detail"} or {"id","outcome":"ok","attempts":n,"detail"}.
// A loopback server answers every method with UNAVAILABLE and counts attempts per case id.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"sync"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/emptypb"
)

type probeCase struct {
	ID     string `json:"id"`
	Config string `json:"config"`
	Path   string `json:"path"`
}

type result struct {
	ID       string `json:"id"`
	Outcome  string `json:"outcome"`
	Attempts int    `json:"attempts"`
	Detail   string `json:"detail"`
}

func main() {
	var input struct{ Cases []probeCase }
	if err := json.NewDecoder(os.Stdin).Decode(&input); err != nil {
		fmt.Fprintln(os.Stderr, "bad input:", err)
		os.Exit(2)
	}
	var mu sync.Mutex
	attempts := map[string]int{}
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	srv := grpc.NewServer(grpc.UnknownServiceHandler(func(_ any, stream grpc.ServerStream) error {
		md, _ := metadata.FromIncomingContext(stream.Context())
		if ids := md.Get("x-case"); len(ids) > 0 {
			mu.Lock()
			attempts[ids[0]]++
			mu.Unlock()
		}
		return status.Error(codes.Unavailable, "probe says unavailable")
	}))
	go srv.Serve(lis)
	defer srv.Stop()
	enc := json.NewEncoder(os.Stdout)
	for _, c := range input.Cases {
		r := result{ID: c.ID}
		conn, err := grpc.NewClient("passthrough:///"+lis.Addr().String(),
			grpc.WithTransportCredentials(insecure.NewCredentials()),
			grpc.WithDefaultServiceConfig(c.Config))
		if err != nil {
			r.Outcome, r.Detail = "rejected", err.Error()
			enc.Encode(r)
			continue
		}
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		ctx = metadata.AppendToOutgoingContext(ctx, "x-case", c.ID)
		err = conn.Invoke(ctx, c.Path, &emptypb.Empty{}, &emptypb.Empty{})
		cancel()
		conn.Close()
		mu.Lock()
		r.Outcome, r.Attempts = "ok", attempts[c.ID]
		mu.Unlock()
		if err != nil {
			r.Detail = err.Error()
		}
		enc.Encode(r)
	}
}
