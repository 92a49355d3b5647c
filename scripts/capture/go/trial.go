package main

// Trial client for the evidence harness (scripts/evidence/measure.mjs): `capture trial`.
// Long-lived: reads one JSON command per stdin line and answers with "@@<kind> <json>" lines.
// Same protocol as ../node/trial.js (see there).

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand"
	"os"
	"strings"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/keepalive"
	"google.golang.org/grpc/status"
)

type trialCmd struct {
	Op         string   `json:"op"`
	Target     string   `json:"target"`
	Variant    string   `json:"variant"`
	Codes      []string `json:"codes"`
	ID         string   `json:"id"`
	DelayMs    int      `json:"delayMs"`
	DeadlineMs int      `json:"deadlineMs"`
	Count      int      `json:"count"`
	IntervalMs int      `json:"intervalMs"`
}

func trialOut(kind string, v any) {
	b, _ := json.Marshal(v)
	fmt.Printf("@@%s %s\n", kind, b)
}

func statusOf(err error) (string, string) {
	s := status.Convert(err)
	return strings.ToUpper(codeName(s.Code().String())), s.Message()
}

// codeName turns grpc-go's "Unavailable"/"DeadlineExceeded" into UNAVAILABLE/DEADLINE_EXCEEDED.
func codeName(c string) string {
	var b strings.Builder
	for i, r := range c {
		if i > 0 && r >= 'A' && r <= 'Z' {
			b.WriteByte('_')
		}
		b.WriteRune(r)
	}
	return b.String()
}

var reopenCodes = map[string]bool{"UNAVAILABLE": true, "CANCELED": true, "CANCELLED": true, "INTERNAL": true, "RESOURCE_EXHAUSTED": true, "UNKNOWN": true}

func runTrial() {
	var conn *grpc.ClientConn
	variant := "none"
	callOpts := func() []grpc.CallOption {
		if variant == "wfr" || variant == "loop" {
			return []grpc.CallOption{grpc.WaitForReady(true)}
		}
		return nil
	}
	unaryOnce := func(msg string, delayMs, deadlineMs int) map[string]any {
		ctx, cancel := context.WithTimeout(context.Background(), time.Duration(deadlineMs)*time.Millisecond)
		defer cancel()
		if err := conn.Invoke(ctx, "/capture.Echo/Unary", &Req{Message: msg, DelayMs: int32(delayMs)}, new(Resp), callOpts()...); err != nil {
			c, d := statusOf(err)
			return map[string]any{"ok": false, "code": c, "details": d, "printed": err.Error()}
		}
		return map[string]any{"ok": true}
	}
	streamOnce := func(ctx context.Context, count, intervalMs int, onMsg func(seq int)) map[string]any {
		st, err := conn.NewStream(ctx, &grpc.StreamDesc{StreamName: "ServerStream", ServerStreams: true}, "/capture.Echo/ServerStream", callOpts()...)
		if err == nil {
			err = st.SendMsg(&Req{Message: "watch", Count: int32(count), IntervalMs: int32(intervalMs), Burst: 3})
		}
		if err == nil {
			err = st.CloseSend()
		}
		for err == nil {
			m := new(Resp)
			if err = st.RecvMsg(m); err == nil {
				onMsg(int(m.Seq))
			}
		}
		if errors.Is(err, io.EOF) {
			return map[string]any{"ok": true}
		}
		c, d := statusOf(err)
		return map[string]any{"ok": false, "code": c, "details": d, "printed": err.Error()}
	}

	trialOut("hello", map[string]any{"impl": "grpc-go", "version": grpcVersion()})
	sc := bufio.NewScanner(os.Stdin)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		var cmd trialCmd
		if err := json.Unmarshal([]byte(line), &cmd); err != nil {
			trialOut("result", map[string]any{"ok": false, "code": "HARNESS", "details": err.Error()})
			continue
		}
		switch cmd.Op {
		case "open":
			variant = cmd.Variant
			opts := []grpc.DialOption{insecureCreds()}
			if variant == "retry" {
				codes, _ := json.Marshal(cmd.Codes)
				opts = append(opts, grpc.WithDefaultServiceConfig(`{"methodConfig":[{"name":[{"service":"capture.Echo"}],"retryPolicy":{"maxAttempts":5,"initialBackoff":"0.1s","maxBackoff":"1s","backoffMultiplier":2,"retryableStatusCodes":`+string(codes)+`}}]}`))
			}
			if variant == "keepalive" {
				opts = append(opts, grpc.WithKeepaliveParams(keepalive.ClientParameters{Time: 10 * time.Second, Timeout: 5 * time.Second}))
			}
			var err error
			conn, err = newClient(cmd.Target, opts...)
			if err != nil {
				trialOut("opened", map[string]any{"ok": false, "details": err.Error()})
				continue
			}
			r := map[string]any{"ok": false}
			for i := 0; i < 20; i++ {
				if r = unaryOnce("hello", 0, 2000); r["ok"] == true {
					break
				}
				time.Sleep(100 * time.Millisecond)
			}
			trialOut("opened", map[string]any{"ok": r["ok"], "version": grpcVersion(), "details": r["details"]})
		case "unary":
			t0 := time.Now()
			r := unaryOnce(cmd.ID, cmd.DelayMs, cmd.DeadlineMs)
			r["id"], r["ms"] = cmd.ID, time.Since(t0).Milliseconds()
			trialOut("result", r)
		case "stream":
			t0 := time.Now()
			ctx, cancel := context.WithTimeout(context.Background(), time.Duration(cmd.DeadlineMs)*time.Millisecond)
			received, inOrder, reopens, progressed := 0, true, 0, false
			delay := 200 * time.Millisecond
			last := map[string]any{"ok": false, "code": "NONE"}
			for received < cmd.Count && ctx.Err() == nil {
				offset := received // resume position: ask only for what is missing
				last = streamOnce(ctx, cmd.Count-offset, cmd.IntervalMs, func(seq int) {
					if offset+seq != received+1 {
						inOrder = false
					}
					received++
					if received == 3 && !progressed {
						progressed = true
						trialOut("progress", map[string]any{"id": cmd.ID, "received": received})
					}
				})
				code, _ := last["code"].(string)
				if last["ok"] == true || variant != "loop" || !reopenCodes[code] {
					break
				}
				reopens++
				time.Sleep(time.Duration(float64(delay) * (0.8 + 0.4*rand.Float64())))
				delay = min(delay*8/5, 2*time.Second)
			}
			cancel()
			trialOut("result", map[string]any{"id": cmd.ID, "ok": received == cmd.Count && inOrder, "received": received,
				"inOrder": inOrder, "reopens": reopens, "code": last["code"], "details": last["details"], "printed": last["printed"], "ms": time.Since(t0).Milliseconds()})
		case "close":
			if conn != nil {
				_ = conn.Close()
			}
			conn = nil
			trialOut("closed", map[string]any{})
		}
	}
}
