//go:build !grpc133

package main

// Logging forms of the capture programs (--log=std|slog|zap|logrus), so the captures show what
// services print through the logging libraries real Go services use:
//
//	std     log.Printf("ERROR Unary(%q) failed: %v", ...)                  (the original captures)
//	slog    log/slog JSONHandler: {"time":…,"level":"ERROR","msg":…,"error":"rpc error: …"}
//	zap     zap.NewProduction (JSON): {"level":"error","ts":…,"logger":…,"msg":…,"error":…}
//	logrus  logrus TextFormatter (logfmt): time="…" level=error msg="…" error="rpc error: … \"…\""
//
// With slog, zap and logrus the library's own log (grpclog) is redirected into the same logger,
// as services do: zap through go.uber.org/zap/zapgrpc, logrus through grpclog.NewLoggerV2 over
// logrus writers, slog through a small LoggerV2 adapter. The adapters honour
// GRPC_GO_LOG_SEVERITY_LEVEL (default: error) and GRPC_GO_LOG_VERBOSITY_LEVEL like grpclog's own
// logger, so the harness can turn the library's INFO transport lines on.
//
// Call sites keep the std form's format strings: "LEVEL message" with the error as a trailing
// ": %v" argument. For the structured forms the level word becomes the record's level and a
// trailing error argument becomes the "error" field.

import (
	"fmt"
	"log"
	"log/slog"
	"os"
	"strconv"
	"strings"

	"github.com/sirupsen/logrus"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
	"go.uber.org/zap/zapgrpc"
	"google.golang.org/grpc/grpclog"
)

var logForm = "std"

type appLogger struct {
	name   string
	std    *log.Logger
	slog   *slog.Logger
	zap    *zap.Logger
	logrus *logrus.Entry
}

var (
	zapRoot    *zap.Logger
	slogRoot   *slog.Logger
	logrusRoot *logrus.Logger
)

// setupLogging selects the form and redirects grpclog. Called once from main.
func setupLogging(form string) {
	if form == "" {
		form = "std"
	}
	logForm = form
	sev := strings.ToLower(os.Getenv("GRPC_GO_LOG_SEVERITY_LEVEL"))
	verbosity, _ := strconv.Atoi(os.Getenv("GRPC_GO_LOG_VERBOSITY_LEVEL"))
	switch form {
	case "std":
		return
	case "slog":
		slogRoot = slog.New(slog.NewJSONHandler(os.Stdout, &slog.HandlerOptions{Level: slog.LevelDebug}))
		grpclog.SetLoggerV2(&slogGrpc{l: slogRoot.With("system", "grpc"), min: sevIndex(sev), v: verbosity})
	case "zap":
		cfg := zap.NewProductionConfig()
		cfg.Level = zap.NewAtomicLevelAt(zapcore.DebugLevel)
		cfg.OutputPaths = []string{"stdout"}
		cfg.ErrorOutputPaths = []string{"stdout"}
		l, err := cfg.Build()
		if err != nil {
			panic(err)
		}
		zapRoot = l
		gl := l.Named("grpc").WithOptions(zap.IncreaseLevel(zapLevel(sev)))
		grpclog.SetLoggerV2(zapgrpc.NewLogger(gl))
	case "logrus":
		logrusRoot = logrus.New()
		logrusRoot.SetOutput(os.Stdout)
		logrusRoot.SetLevel(logrus.DebugLevel)
		logrusRoot.SetFormatter(&logrus.TextFormatter{DisableColors: true, FullTimestamp: true})
		g := logrusRoot.WithField("component", "grpc")
		w := func(lv logrus.Level, idx int) *logrusWriter {
			if idx < sevIndex(sev) {
				return &logrusWriter{}
			}
			return &logrusWriter{e: g, lv: lv}
		}
		grpclog.SetLoggerV2(grpclog.NewLoggerV2WithVerbosity(w(logrus.InfoLevel, 0), w(logrus.WarnLevel, 1), w(logrus.ErrorLevel, 2), verbosity))
	default:
		fmt.Fprintln(os.Stderr, "unknown --log form", form)
		os.Exit(2)
	}
}

// sevIndex: 0 info, 1 warning, 2 error (grpclog's default is error).
func sevIndex(s string) int {
	switch s {
	case "info":
		return 0
	case "warning":
		return 1
	}
	return 2
}

func zapLevel(s string) zapcore.Level {
	switch sevIndex(s) {
	case 0:
		return zapcore.InfoLevel
	case 1:
		return zapcore.WarnLevel
	}
	return zapcore.ErrorLevel
}

// logrusWriter turns each line grpclog writes (already prefixed "INFO: " etc.) into one logrus
// record at a fixed level; a writer without an entry drops the line (severity filter).
type logrusWriter struct {
	e  *logrus.Entry
	lv logrus.Level
}

func (w *logrusWriter) Write(p []byte) (int, error) {
	if w.e != nil {
		w.e.Log(w.lv, strings.TrimRight(string(p), "\n"))
	}
	return len(p), nil
}

// slogGrpc is a grpclog.LoggerV2 over slog.
type slogGrpc struct {
	l   *slog.Logger
	min int
	v   int
}

func (g *slogGrpc) out(idx int, lv slog.Level, msg string) {
	if idx >= g.min {
		g.l.Log(nil, lv, msg) //nolint:staticcheck // nil context is allowed by slog
	}
}
func (g *slogGrpc) Info(args ...any)   { g.out(0, slog.LevelInfo, fmt.Sprint(args...)) }
func (g *slogGrpc) Infoln(args ...any) { g.out(0, slog.LevelInfo, sprintln(args...)) }
func (g *slogGrpc) Infof(format string, args ...any) {
	g.out(0, slog.LevelInfo, fmt.Sprintf(format, args...))
}
func (g *slogGrpc) Warning(args ...any)   { g.out(1, slog.LevelWarn, fmt.Sprint(args...)) }
func (g *slogGrpc) Warningln(args ...any) { g.out(1, slog.LevelWarn, sprintln(args...)) }
func (g *slogGrpc) Warningf(format string, args ...any) {
	g.out(1, slog.LevelWarn, fmt.Sprintf(format, args...))
}
func (g *slogGrpc) Error(args ...any)   { g.out(2, slog.LevelError, fmt.Sprint(args...)) }
func (g *slogGrpc) Errorln(args ...any) { g.out(2, slog.LevelError, sprintln(args...)) }
func (g *slogGrpc) Errorf(format string, args ...any) {
	g.out(2, slog.LevelError, fmt.Sprintf(format, args...))
}
func (g *slogGrpc) Fatal(args ...any)   { g.out(3, slog.LevelError, fmt.Sprint(args...)); os.Exit(1) }
func (g *slogGrpc) Fatalln(args ...any) { g.out(3, slog.LevelError, sprintln(args...)); os.Exit(1) }
func (g *slogGrpc) Fatalf(format string, args ...any) {
	g.out(3, slog.LevelError, fmt.Sprintf(format, args...))
	os.Exit(1)
}
func (g *slogGrpc) V(l int) bool { return l <= g.v }

func sprintln(args ...any) string { return strings.TrimSuffix(fmt.Sprintln(args...), "\n") }

func newAppLogger(name string, w *os.File) *appLogger {
	l := &appLogger{name: name}
	switch logForm {
	case "std":
		l.std = log.New(w, "["+name+"] ", log.LstdFlags|log.Lmicroseconds)
	case "slog":
		l.slog = slogRoot.With("logger", name)
	case "zap":
		l.zap = zapRoot.Named(name).WithOptions(zap.AddCallerSkip(1))
	case "logrus":
		l.logrus = logrusRoot.WithField("logger", name)
	}
	return l
}

// Printf takes the std form's "LEVEL message: %v" format.
func (l *appLogger) Printf(format string, args ...any) {
	if l.std != nil {
		l.std.Printf(format, args...)
		return
	}
	level, rest, _ := strings.Cut(format, " ")
	rest = strings.TrimLeft(rest, " ")
	var err error
	if strings.HasSuffix(rest, ": %v") && len(args) > 0 {
		if e, ok := args[len(args)-1].(error); ok {
			err = e
			rest = strings.TrimSuffix(rest, ": %v")
			args = args[:len(args)-1]
		}
	}
	msg := fmt.Sprintf(rest, args...)
	switch {
	case l.slog != nil:
		lv := map[string]slog.Level{"DEBUG": slog.LevelDebug, "INFO": slog.LevelInfo, "WARN": slog.LevelWarn, "ERROR": slog.LevelError}[level]
		if err != nil {
			l.slog.Log(nil, lv, msg, "error", err.Error()) //nolint:staticcheck
		} else {
			l.slog.Log(nil, lv, msg) //nolint:staticcheck
		}
	case l.zap != nil:
		lv := map[string]zapcore.Level{"DEBUG": zapcore.DebugLevel, "INFO": zapcore.InfoLevel, "WARN": zapcore.WarnLevel, "ERROR": zapcore.ErrorLevel}[level]
		if err != nil {
			l.zap.Log(lv, msg, zap.Error(err))
		} else {
			l.zap.Log(lv, msg)
		}
	case l.logrus != nil:
		lv := map[string]logrus.Level{"DEBUG": logrus.DebugLevel, "INFO": logrus.InfoLevel, "WARN": logrus.WarnLevel, "ERROR": logrus.ErrorLevel}[level]
		if err != nil {
			l.logrus.WithError(err).Log(lv, msg)
		} else {
			l.logrus.Log(lv, msg)
		}
	}
}

func (l *appLogger) Fatalf(format string, args ...any) {
	l.Printf(format, args...)
	if l.zap != nil {
		_ = l.zap.Sync()
	}
	os.Exit(1)
}
