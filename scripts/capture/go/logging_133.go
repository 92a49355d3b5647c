//go:build grpc133

package main

// The Debian 12 build (GOPATH /usr/share/gocode, grpc-go 1.33) has only the std form: no zap,
// logrus or slog adapters there. Same API as logging.go.

import (
	"fmt"
	"log"
	"os"
)

type appLogger struct{ std *log.Logger }

func setupLogging(form string) {
	if form != "" && form != "std" {
		fmt.Fprintln(os.Stderr, "this build has only --log=std")
		os.Exit(2)
	}
}

func newAppLogger(name string, w *os.File) *appLogger {
	return &appLogger{std: log.New(w, "["+name+"] ", log.LstdFlags|log.Lmicroseconds)}
}

func (l *appLogger) Printf(format string, args ...any) { l.std.Printf(format, args...) }

func (l *appLogger) Fatalf(format string, args ...any) {
	l.std.Printf(format, args...)
	os.Exit(1)
}
