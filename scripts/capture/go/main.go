// Command capture is the grpc-go side of the grpc-doctor capture harness
// (scripts/capture/run.mjs): an echo server and client for capture.Echo
// (../echo.proto) without generated code: the two messages are encoded by hand
// with protowire and the service is described by a hand-written grpc.ServiceDesc.
//
//	capture server [--port=N] [--max-age=ms --max-age-grace=ms]
//	capture client --target=127.0.0.1:N [flags, same as the Node/Python clients]
//	capture version
package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"os"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/encoding"
	"google.golang.org/grpc/keepalive"
	"google.golang.org/protobuf/encoding/protowire"
)

// ---- messages and codec -------------------------------------------------

type Req struct {
	Message    string
	Count      int32
	IntervalMs int32
	DelayMs    int32
	Burst      int32
}

type Resp struct {
	Message string
	Seq     int32
}

func putStr(b []byte, num protowire.Number, s string) []byte {
	if s == "" {
		return b
	}
	b = protowire.AppendTag(b, num, protowire.BytesType)
	return protowire.AppendString(b, s)
}

func putInt(b []byte, num protowire.Number, v int32) []byte {
	if v == 0 {
		return b
	}
	b = protowire.AppendTag(b, num, protowire.VarintType)
	return protowire.AppendVarint(b, uint64(int64(v)))
}

func (r *Req) marshal() []byte {
	var b []byte
	b = putStr(b, 1, r.Message)
	b = putInt(b, 2, r.Count)
	b = putInt(b, 3, r.IntervalMs)
	b = putInt(b, 4, r.DelayMs)
	b = putInt(b, 5, r.Burst)
	return b
}

func (r *Resp) marshal() []byte {
	var b []byte
	b = putStr(b, 1, r.Message)
	b = putInt(b, 2, r.Seq)
	return b
}

// parse calls set for every field; unknown wire types are an error.
func parse(b []byte, set func(num protowire.Number, s string, v int32)) error {
	for len(b) > 0 {
		num, typ, n := protowire.ConsumeTag(b)
		if n < 0 {
			return protowire.ParseError(n)
		}
		b = b[n:]
		switch typ {
		case protowire.VarintType:
			v, n := protowire.ConsumeVarint(b)
			if n < 0 {
				return protowire.ParseError(n)
			}
			set(num, "", int32(v))
			b = b[n:]
		case protowire.BytesType:
			v, n := protowire.ConsumeString(b)
			if n < 0 {
				return protowire.ParseError(n)
			}
			set(num, v, 0)
			b = b[n:]
		default:
			return fmt.Errorf("unsupported wire type %d", typ)
		}
	}
	return nil
}

func (r *Req) unmarshal(b []byte) error {
	*r = Req{}
	return parse(b, func(num protowire.Number, s string, v int32) {
		switch num {
		case 1:
			r.Message = s
		case 2:
			r.Count = v
		case 3:
			r.IntervalMs = v
		case 4:
			r.DelayMs = v
		case 5:
			r.Burst = v
		}
	})
}

func (r *Resp) unmarshal(b []byte) error {
	*r = Resp{}
	return parse(b, func(num protowire.Number, s string, v int32) {
		switch num {
		case 1:
			r.Message = s
		case 2:
			r.Seq = v
		}
	})
}

type wireMsg interface {
	marshal() []byte
	unmarshal([]byte) error
}

// codec replaces the "proto" codec in this binary only.
type codec struct{}

func (codec) Name() string { return "proto" }
func (codec) Marshal(v any) ([]byte, error) {
	m, ok := v.(wireMsg)
	if !ok {
		return nil, fmt.Errorf("capture codec: unexpected type %T", v)
	}
	return m.marshal(), nil
}
func (codec) Unmarshal(data []byte, v any) error {
	m, ok := v.(wireMsg)
	if !ok {
		return fmt.Errorf("capture codec: unexpected type %T", v)
	}
	return m.unmarshal(data)
}

func init() { encoding.RegisterCodec(codec{}) }

// ---- helpers -------------------------------------------------------------

func flags(args []string) map[string]string {
	m := map[string]string{}
	for _, a := range args {
		if !strings.HasPrefix(a, "--") {
			continue
		}
		k, v, ok := strings.Cut(a[2:], "=")
		if !ok {
			v = "true"
		}
		m[k] = v
	}
	return m
}

func intFlag(m map[string]string, k string, def int) int {
	if v, ok := m[k]; ok {
		if n, err := strconv.Atoi(v); err == nil {
			return n
		}
	}
	return def
}

func grpcVersion() string {
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, d := range bi.Deps {
			if d.Path == "google.golang.org/grpc" {
				return strings.TrimPrefix(d.Version, "v")
			}
		}
	}
	return grpc.Version
}

func sleepCtx(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}

// ---- server --------------------------------------------------------------

type echoServer struct{ logger *appLogger }

var serviceDesc = grpc.ServiceDesc{
	ServiceName: "capture.Echo",
	HandlerType: (*any)(nil),
	Methods: []grpc.MethodDesc{{
		MethodName: "Unary",
		Handler: func(srv any, ctx context.Context, dec func(any) error, _ grpc.UnaryServerInterceptor) (any, error) {
			req := new(Req)
			if err := dec(req); err != nil {
				return nil, err
			}
			return srv.(*echoServer).unary(ctx, req)
		},
	}},
	Streams: []grpc.StreamDesc{
		{StreamName: "ServerStream", ServerStreams: true, Handler: func(srv any, ss grpc.ServerStream) error {
			req := new(Req)
			if err := ss.RecvMsg(req); err != nil {
				return err
			}
			return srv.(*echoServer).serverStream(req, ss)
		}},
		{StreamName: "Bidi", ServerStreams: true, ClientStreams: true, Handler: func(srv any, ss grpc.ServerStream) error {
			return srv.(*echoServer).bidi(ss)
		}},
	},
	Metadata: "echo.proto",
}

func (s *echoServer) unary(ctx context.Context, req *Req) (*Resp, error) {
	s.logger.Printf("INFO  Unary message=%q delay_ms=%d", req.Message, req.DelayMs)
	if req.DelayMs > 0 && !sleepCtx(ctx, time.Duration(req.DelayMs)*time.Millisecond) {
		s.logger.Printf("WARN  Unary %q: %v", req.Message, ctx.Err())
		return nil, ctx.Err()
	}
	return &Resp{Message: "echo: " + req.Message}, nil
}

func (s *echoServer) serverStream(req *Req, ss grpc.ServerStream) error {
	count := int(req.Count)
	if count == 0 {
		count = 10
	}
	interval := time.Duration(req.IntervalMs) * time.Millisecond
	if interval == 0 {
		interval = 200 * time.Millisecond
	}
	s.logger.Printf("INFO  ServerStream started: count=%d burst=%d interval_ms=%d", count, req.Burst, req.IntervalMs)
	for seq := 1; seq <= count; seq++ {
		if seq > int(req.Burst) && !sleepCtx(ss.Context(), interval) {
			s.logger.Printf("WARN  ServerStream ended after %d messages: %v", seq-1, ss.Context().Err())
			return ss.Context().Err()
		}
		if err := ss.SendMsg(&Resp{Message: fmt.Sprintf("tick %d", seq), Seq: int32(seq)}); err != nil {
			s.logger.Printf("ERROR ServerStream send failed after %d messages: %v", seq-1, err)
			return err
		}
		if seq <= 3 || seq%10 == 0 {
			s.logger.Printf("DEBUG ServerStream sent message %d", seq)
		}
	}
	s.logger.Printf("INFO  ServerStream finished after %d messages", count)
	return nil
}

func (s *echoServer) bidi(ss grpc.ServerStream) error {
	n := 0
	for {
		req := new(Req)
		err := ss.RecvMsg(req)
		if err == io.EOF {
			s.logger.Printf("INFO  Bidi client half-closed after %d messages", n)
			return nil
		}
		if err != nil {
			s.logger.Printf("WARN  Bidi recv failed after %d messages: %v", n, err)
			return err
		}
		n++
		if err := ss.SendMsg(&Resp{Message: "pong: " + req.Message, Seq: int32(n)}); err != nil {
			s.logger.Printf("ERROR Bidi send failed: %v", err)
			return err
		}
	}
}

func runServer(f map[string]string) {
	logger := newAppLogger("echo-server", os.Stdout)
	var opts []grpc.ServerOption
	if ma := intFlag(f, "max-age", 0); ma > 0 {
		opts = append(opts, grpc.KeepaliveParams(keepalive.ServerParameters{
			MaxConnectionAge:      time.Duration(ma) * time.Millisecond,
			MaxConnectionAgeGrace: time.Duration(intFlag(f, "max-age-grace", 1000)) * time.Millisecond,
		}))
	}
	lis, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", intFlag(f, "port", 0)))
	if err != nil {
		logger.Fatalf("ERROR listen: %v", err)
	}
	s := grpc.NewServer(opts...)
	s.RegisterService(&serviceDesc, &echoServer{logger: logger})
	port := lis.Addr().(*net.TCPAddr).Port
	logger.Printf("INFO  server (grpc-go %s, %s) listening on 127.0.0.1:%d", grpcVersion(), strings.TrimPrefix(goVersion(), "go"), port)
	fmt.Printf("@@listening %d\n", port)
	go func() {
		sc := bufio.NewScanner(os.Stdin)
		for sc.Scan() {
			parts := strings.Fields(sc.Text())
			if len(parts) == 0 {
				continue
			}
			switch parts[0] {
			case "graceful":
				grace := 2000
				if len(parts) > 1 {
					grace, _ = strconv.Atoi(parts[1])
				}
				logger.Printf("INFO  shutting down gracefully (GracefulStop), Stop() after %d ms", grace)
				t := time.AfterFunc(time.Duration(grace)*time.Millisecond, func() {
					logger.Printf("WARN  grace period expired, calling Stop()")
					s.Stop()
				})
				go func() {
					s.GracefulStop()
					t.Stop()
					logger.Printf("INFO  GracefulStop returned")
				}()
			case "hard":
				logger.Printf("INFO  Stop()")
				s.Stop()
				logger.Printf("INFO  server stopped")
			case "quit":
				s.Stop()
				os.Exit(0)
			}
		}
		time.Sleep(100 * time.Millisecond)
		os.Exit(0)
	}()
	if err := s.Serve(lis); err != nil {
		logger.Printf("ERROR Serve returned: %v", err)
	} else {
		logger.Printf("INFO  Serve returned")
	}
	select {} // wait for "quit" or stdin EOF
}

func goVersion() string {
	if bi, ok := debug.ReadBuildInfo(); ok {
		return bi.GoVersion
	}
	return "go?"
}

// ---- client --------------------------------------------------------------

func runClient(f map[string]string) {
	clog := newAppLogger("orders-client", os.Stderr)
	target := f["target"]
	streamInterval := intFlag(f, "stream-interval", 200)
	streamCount := intFlag(f, "stream-count", 1000)
	slowDelay := intFlag(f, "slow-delay", 1000)
	closeAfter := intFlag(f, "close-after", -1)
	maxWait := time.Duration(intFlag(f, "max-wait", 12000)) * time.Millisecond
	retries := intFlag(f, "retries", 1)
	retryInterval := time.Duration(intFlag(f, "retry-interval", 500)) * time.Millisecond
	withBidi := f["bidi"] != "false"

	dialOpts := []grpc.DialOption{insecureCreds()}
	desc := ""
	if ka := intFlag(f, "keepalive", 0); ka > 0 {
		kp := keepalive.ClientParameters{Time: time.Duration(ka) * time.Millisecond, Timeout: 5 * time.Second, PermitWithoutStream: true}
		dialOpts = append(dialOpts, grpc.WithKeepaliveParams(kp))
		desc = fmt.Sprintf(" keepalive={Time:%v Timeout:%v PermitWithoutStream:true}", kp.Time, kp.Timeout)
	}
	clog.Printf("INFO  starting client (grpc-go %s, %s) target=%s%s", grpcVersion(), goVersion(), target, desc)
	conn, err := newClient(target, dialOpts...)
	if err != nil {
		clog.Fatalf("ERROR grpc.NewClient: %v", err)
	}

	unary := func(msg string, delayMs int, timeout time.Duration) bool {
		ctx, cancel := context.WithTimeout(context.Background(), timeout)
		defer cancel()
		resp := new(Resp)
		if err := conn.Invoke(ctx, "/capture.Echo/Unary", &Req{Message: msg, DelayMs: int32(delayMs)}, resp); err != nil {
			clog.Printf("ERROR Unary(%q) failed: %v", msg, err)
			return false
		}
		clog.Printf("INFO  Unary(%q) -> %q", msg, resp.Message)
		return true
	}

	if unary("hello", 0, 3*time.Second) {
		ctx, cancelAll := context.WithCancel(context.Background())
		var wg sync.WaitGroup
		ready := make(chan struct{})
		var readyOnce sync.Once
		markReady := func() { readyOnce.Do(func() { close(ready) }) }

		st, err := conn.NewStream(ctx, &grpc.StreamDesc{StreamName: "ServerStream", ServerStreams: true}, "/capture.Echo/ServerStream")
		if err != nil {
			clog.Printf("ERROR opening order stream: %v", err)
			markReady()
		} else {
			if err := st.SendMsg(&Req{Message: "watch orders", Count: int32(streamCount), IntervalMs: int32(streamInterval), Burst: 3}); err != nil {
				clog.Printf("ERROR SendMsg: %v", err)
			}
			_ = st.CloseSend()
			wg.Add(1)
			go func() {
				defer wg.Done()
				defer markReady()
				n := 0
				for {
					m := new(Resp)
					err := st.RecvMsg(m)
					if err == io.EOF {
						clog.Printf("INFO  order stream ended after %d messages", n)
						return
					}
					if err != nil {
						clog.Printf("ERROR order stream failed after %d messages: %v", n, err)
						return
					}
					n++
					if n <= 5 || n%10 == 0 {
						clog.Printf("INFO  received message %d (seq=%d %q)", n, m.Seq, m.Message)
					}
					if n == 3 {
						markReady()
					}
				}
			}()
		}

		if withBidi {
			bs, err := conn.NewStream(ctx, &grpc.StreamDesc{StreamName: "Bidi", ServerStreams: true, ClientStreams: true}, "/capture.Echo/Bidi")
			if err != nil {
				clog.Printf("ERROR opening bidi chat: %v", err)
			} else {
				stopSend := make(chan struct{})
				wg.Add(1)
				go func() {
					defer wg.Done()
					tk := time.NewTicker(500 * time.Millisecond)
					defer tk.Stop()
					for i := 1; i <= 200; i++ {
						select {
						case <-stopSend:
							return
						case <-tk.C:
						}
						if err := bs.SendMsg(&Req{Message: fmt.Sprintf("ping-%d", i)}); err != nil {
							// SendMsg returns io.EOF on a broken stream; the status comes from RecvMsg.
							clog.Printf("WARN  bidi send: %v", err)
							return
						}
					}
				}()
				wg.Add(1)
				go func() {
					defer wg.Done()
					defer close(stopSend)
					n := 0
					for {
						m := new(Resp)
						err := bs.RecvMsg(m)
						if err == io.EOF {
							clog.Printf("INFO  bidi chat ended after %d replies", n)
							return
						}
						if err != nil {
							clog.Printf("ERROR bidi chat failed after %d replies: %v", n, err)
							return
						}
						n++
						if n <= 3 || n%10 == 0 {
							clog.Printf("DEBUG bidi reply %q", m.Message)
						}
					}
				}()
			}
		}

		select {
		case <-ready:
		case <-time.After(8 * time.Second):
		}
		clog.Printf("INFO  stream is open, starting slow unary call (server delay %d ms)", slowDelay)
		wg.Add(1)
		go func() {
			defer wg.Done()
			unary("slow-report", slowDelay, time.Duration(slowDelay)*time.Millisecond+8*time.Second)
		}()
		fmt.Println("@@ready")
		if closeAfter >= 0 {
			time.Sleep(time.Duration(closeAfter) * time.Millisecond)
			clog.Printf("INFO  closing connection (conn.Close())")
			if err := conn.Close(); err != nil {
				clog.Printf("ERROR conn.Close: %v", err)
			}
		}
		done := make(chan struct{})
		go func() { wg.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(maxWait):
			clog.Printf("WARN  calls still open after %v, cancelling them", maxWait)
			cancelAll()
			select {
			case <-done:
			case <-time.After(2 * time.Second):
			}
		}
		cancelAll()
	}

	for i := 1; i <= retries; i++ {
		clog.Printf("INFO  follow-up call %d/%d", i, retries)
		if unary(fmt.Sprintf("after-%d", i), 0, time.Second) {
			break
		}
		if i < retries {
			time.Sleep(retryInterval)
		}
	}
	clog.Printf("INFO  client done")
	_ = conn.Close()
}

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: capture server|client|version [--flags]")
		os.Exit(2)
	}
	f := flags(os.Args[2:])
	setupLogging(f["log"])
	switch os.Args[1] {
	case "server":
		runServer(f)
	case "client":
		runClient(f)
	case "trial":
		runTrial()
	case "version":
		fmt.Println(grpcVersion())
	default:
		fmt.Fprintln(os.Stderr, "unknown command", os.Args[1])
		os.Exit(2)
	}
}
