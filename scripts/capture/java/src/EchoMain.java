// Echo client and server on grpc-java (grpc-netty-shaded), no generated code: the three methods of
// ../../echo.proto are hand-written MethodDescriptors with a byte-level protobuf marshaller.
// Same flow and flags as ../node/client.js and ../node/server.js:
//   java EchoMain server [--port=N] [--max-age=ms] [--max-age-grace=ms]   stdin: graceful <ms> | hard | quit
//   java EchoMain client --target=h:p [--slow-delay --close-after --max-wait --retries --retry-interval
//                                       --keepalive --stream-interval --stream-count --bidi]
// Errors are printed the way applications usually print them: the exception and its causes.
import io.grpc.*;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import io.grpc.stub.ServerCallStreamObserver;

import java.io.*;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.*;
import java.util.concurrent.*;
import java.util.concurrent.atomic.*;

public final class EchoMain {
  // ------------------------------------------------------------------ messages
  /** capture.Req / capture.Resp share field numbers 1 (string message) and 2 (int32). */
  static final class Msg {
    String message = "";
    int f2, f3, f4, f5; // Req: count, interval_ms, delay_ms, burst; Resp: seq = f2
    Msg() {}
    Msg(String m, int seq) { message = m; f2 = seq; }
  }

  static final class Codec implements MethodDescriptor.Marshaller<Msg> {
    public InputStream stream(Msg m) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] s = m.message.getBytes(StandardCharsets.UTF_8);
      if (s.length > 0) { varint(out, (1 << 3) | 2); varint(out, s.length); out.write(s, 0, s.length); }
      int[] v = {m.f2, m.f3, m.f4, m.f5};
      for (int i = 0; i < 4; i++) if (v[i] != 0) { varint(out, ((i + 2) << 3)); varint(out, v[i] & 0xffffffffL); }
      return new ByteArrayInputStream(out.toByteArray());
    }
    public Msg parse(InputStream in) {
      try {
        byte[] b = in.readAllBytes();
        Msg m = new Msg();
        int[] pos = {0};
        while (pos[0] < b.length) {
          long key = readVarint(b, pos);
          int num = (int) (key >>> 3), wt = (int) (key & 7);
          if (wt == 0) {
            int val = (int) readVarint(b, pos);
            if (num == 2) m.f2 = val; else if (num == 3) m.f3 = val; else if (num == 4) m.f4 = val; else if (num == 5) m.f5 = val;
          } else if (wt == 2) {
            int len = (int) readVarint(b, pos);
            if (num == 1) m.message = new String(b, pos[0], len, StandardCharsets.UTF_8);
            pos[0] += len;
          } else throw new IOException("unsupported wire type " + wt);
        }
        return m;
      } catch (IOException e) { throw new UncheckedIOException(e); }
    }
    static void varint(ByteArrayOutputStream out, long n) {
      while (true) { if ((n & ~0x7FL) == 0) { out.write((int) n); return; } out.write((int) ((n & 0x7F) | 0x80)); n >>>= 7; }
    }
    static long readVarint(byte[] b, int[] pos) {
      long n = 0; int shift = 0;
      while (true) { int x = b[pos[0]++] & 0xff; n |= (long) (x & 0x7f) << shift; if ((x & 0x80) == 0) return n; shift += 7; }
    }
  }

  static final Codec CODEC = new Codec();
  static MethodDescriptor<Msg, Msg> md(String name, MethodDescriptor.MethodType type) {
    return MethodDescriptor.<Msg, Msg>newBuilder().setType(type)
        .setFullMethodName(MethodDescriptor.generateFullMethodName("capture.Echo", name))
        .setRequestMarshaller(CODEC).setResponseMarshaller(CODEC).build();
  }
  static final MethodDescriptor<Msg, Msg> UNARY = md("Unary", MethodDescriptor.MethodType.UNARY);
  static final MethodDescriptor<Msg, Msg> STREAM = md("ServerStream", MethodDescriptor.MethodType.SERVER_STREAMING);
  static final MethodDescriptor<Msg, Msg> BIDI = md("Bidi", MethodDescriptor.MethodType.BIDI_STREAMING);

  // ------------------------------------------------------------------ helpers
  static Map<String, String> args;
  static String arg(String k, String def) { return args.getOrDefault(k, def); }
  static int argInt(String k, int def) { return Integer.parseInt(arg(k, String.valueOf(def))); }
  static String name = "orders-client";
  // --log=logback|logstash: through SLF4J + logback (config scripts/capture/java/logback-<form>.xml),
  // with grpc-java's own java.util.logging records bridged in (jul-to-slf4j), as services do
  static org.slf4j.Logger slf;
  static void setupLogging() {
    String form = arg("log", "std");
    if (form.equals("std")) return;
    String cfg = form.equals("logstash") ? "logback-logstash.xml" : "logback-pattern.xml";
    System.setProperty("logback.configurationFile", java.nio.file.Paths.get("scripts", "capture", "java", cfg).toString());
    org.slf4j.bridge.SLF4JBridgeHandler.removeHandlersForRootLogger();
    org.slf4j.bridge.SLF4JBridgeHandler.install();
    slf = org.slf4j.LoggerFactory.getLogger(name);
  }
  static synchronized void log(String level, String msg) {
    if (slf != null) {
      switch (level) {
        case "DEBUG": slf.debug(msg); break;
        case "WARN": slf.warn(msg); break;
        case "ERROR": slf.error(msg); break;
        default: slf.info(msg);
      }
      return;
    }
    System.out.println(Instant.now() + " " + String.format("%-5s", level) + " [" + name + "] " + msg);
    System.out.flush();
  }
  static synchronized void logErr(String msg, Throwable t) {
    if (slf != null) { slf.error(msg, t); return; }
    System.out.println(Instant.now() + " ERROR [" + name + "] " + msg);
    System.out.println(t);
    for (Throwable c = t.getCause(); c != null; c = c.getCause()) System.out.println("Caused by: " + c);
    System.out.flush();
  }
  static void marker(String m) { System.out.println("@@" + m); System.out.flush(); }
  static void sleep(long ms) { try { Thread.sleep(ms); } catch (InterruptedException e) { Thread.currentThread().interrupt(); } }

  public static void main(String[] argv) throws Exception {
    args = new HashMap<>();
    for (int i = 1; i < argv.length; i++) {
      String a = argv[i];
      if (!a.startsWith("--")) continue;
      int eq = a.indexOf('=');
      if (eq < 0) args.put(a.substring(2), "true"); else args.put(a.substring(2, eq), a.substring(eq + 1));
    }
    String mode = argv.length > 0 ? argv[0] : "";
    if (mode.equals("version")) { System.out.println(GrpcUtilVersion.get()); return; }
    if (mode.equals("server")) name = "echo-server";
    setupLogging();
    if (mode.equals("server")) server();
    else if (mode.equals("client")) client();
    else { System.err.println("usage: EchoMain server|client|version"); System.exit(2); }
  }

  /** grpc-java's version as the jar manifest states it. */
  static final class GrpcUtilVersion {
    static String get() {
      Package p = ManagedChannel.class.getPackage();
      String v = p == null ? null : p.getImplementationVersion();
      if (v != null) return v;
      try (InputStream in = EchoMain.class.getResourceAsStream("/grpc-java.version")) {
        if (in != null) return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
      } catch (IOException e) { /* fall through */ }
      return "unknown";
    }
  }

  // ------------------------------------------------------------------ server
  static void server() throws Exception {
    int port = argInt("port", 0);
    NettyServerBuilder b = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", port));
    if (args.containsKey("max-age")) b.maxConnectionAge(argInt("max-age", 0), TimeUnit.MILLISECONDS);
    if (args.containsKey("max-age-grace")) b.maxConnectionAgeGrace(argInt("max-age-grace", 0), TimeUnit.MILLISECONDS);
    ScheduledExecutorService timers = Executors.newScheduledThreadPool(2, r -> { Thread t = new Thread(r); t.setDaemon(true); return t; });
    ServerServiceDefinition svc = ServerServiceDefinition.builder("capture.Echo")
        .addMethod(UNARY, ServerCalls.asyncUnaryCall((req, obs) -> {
          log("INFO", "Unary message=\"" + req.message + "\" delay_ms=" + req.f4);
          timers.schedule(() -> {
            if (((ServerCallStreamObserver<Msg>) obs).isCancelled()) { log("WARN", "Unary \"" + req.message + "\" cancelled before reply"); return; }
            obs.onNext(new Msg("echo: " + req.message, 0)); obs.onCompleted();
          }, req.f4, TimeUnit.MILLISECONDS);
        }))
        .addMethod(STREAM, ServerCalls.asyncServerStreamingCall((req, obs) -> {
          int count = req.f2 == 0 ? 10 : req.f2, interval = req.f3 == 0 ? 200 : req.f3, burst = req.f5;
          log("INFO", "ServerStream started: count=" + count + " burst=" + burst + " interval_ms=" + interval);
          ServerCallStreamObserver<Msg> sobs = (ServerCallStreamObserver<Msg>) obs;
          AtomicInteger seq = new AtomicInteger();
          sobs.setOnCancelHandler(() -> log("WARN", "ServerStream cancelled after " + seq.get() + " messages"));
          Runnable[] next = new Runnable[1];
          next[0] = () -> {
            if (sobs.isCancelled()) return;
            try {
              if (seq.get() >= count) { obs.onCompleted(); log("INFO", "ServerStream finished after " + seq.get() + " messages"); return; }
              int s = seq.incrementAndGet();
              obs.onNext(new Msg("tick " + s, s));
              timers.schedule(next[0], s < burst ? 0 : interval, TimeUnit.MILLISECONDS);
            } catch (RuntimeException e) { log("ERROR", "ServerStream error: " + e); }
          };
          next[0].run();
        }))
        .addMethod(BIDI, ServerCalls.asyncBidiStreamingCall(obs -> new StreamObserver<Msg>() {
          int n = 0;
          public void onNext(Msg m) { n++; obs.onNext(new Msg("pong: " + m.message, n)); }
          public void onError(Throwable t) { log("WARN", "Bidi cancelled after " + n + " messages: " + Status.fromThrowable(t)); }
          public void onCompleted() { log("INFO", "Bidi client half-closed after " + n + " messages"); obs.onCompleted(); }
        }))
        .build();
    Server server = b.addService(svc).build().start();
    int bound = ((InetSocketAddress) server.getListenSockets().get(0)).getPort();
    log("INFO", "server (grpc-java " + GrpcUtilVersion.get() + ", java " + System.getProperty("java.version") + ") listening on 127.0.0.1:" + bound);
    marker("listening " + bound);
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line;
    while ((line = in.readLine()) != null) {
      String[] p = line.trim().split("\\s+");
      if (p[0].equals("graceful")) {
        long grace = p.length > 1 ? Long.parseLong(p[1]) : 2000;
        log("INFO", "shutting down gracefully (shutdown()), shutdownNow() after " + grace + " ms");
        server.shutdown();
        new Thread(() -> {
          try {
            if (!server.awaitTermination(grace, TimeUnit.MILLISECONDS)) {
              log("WARN", "grace period expired, calling shutdownNow()");
              server.shutdownNow();
            } else log("INFO", "shutdown complete");
          } catch (InterruptedException e) { server.shutdownNow(); }
        }).start();
      } else if (p[0].equals("hard")) {
        log("INFO", "shutdownNow()");
        server.shutdownNow();
        log("INFO", "server stopped");
      } else if (p[0].equals("quit")) {
        server.shutdownNow();
        System.exit(0);
      }
    }
    sleep(100);
    System.exit(0);
  }

  // ------------------------------------------------------------------ client
  static ManagedChannel channel(String target, Map<String, ?> serviceConfig) {
    NettyChannelBuilder b = NettyChannelBuilder.forTarget(target).usePlaintext();
    if (args.containsKey("keepalive")) {
      b.keepAliveTime(argInt("keepalive", 0), TimeUnit.MILLISECONDS).keepAliveTimeout(5, TimeUnit.SECONDS).keepAliveWithoutCalls(true);
    }
    if (serviceConfig != null) b.defaultServiceConfig(serviceConfig).enableRetry();
    return b.build();
  }

  static boolean unary(ManagedChannel ch, String message, int delayMs, int timeoutMs) {
    Msg req = new Msg(message, 0);
    req.f4 = delayMs;
    try {
      Msg resp = ClientCalls.blockingUnaryCall(ch, UNARY, CallOptions.DEFAULT.withDeadlineAfter(timeoutMs, TimeUnit.MILLISECONDS), req);
      log("INFO", "Unary(\"" + message + "\") -> \"" + resp.message + "\"");
      return true;
    } catch (StatusRuntimeException e) {
      logErr("Unary(\"" + message + "\") failed:", e);
      return false;
    } catch (RuntimeException e) {
      logErr("Unary(\"" + message + "\") threw:", e);
      return false;
    }
  }

  static void client() throws Exception {
    String target = arg("target", "");
    int streamInterval = argInt("stream-interval", 200), streamCount = argInt("stream-count", 1000);
    int slowDelay = argInt("slow-delay", 1000), closeAfter = argInt("close-after", -1), maxWait = argInt("max-wait", 12000);
    int retries = argInt("retries", 1), retryInterval = argInt("retry-interval", 500);
    boolean bidi = !arg("bidi", "true").equals("false");
    log("INFO", "starting client (grpc-java " + GrpcUtilVersion.get() + ", java " + System.getProperty("java.version") + ") target=" + target
        + (args.containsKey("keepalive") ? " keepAliveTime=" + arg("keepalive", "") + "ms" : ""));
    ManagedChannel ch = channel(target, null);
    if (unary(ch, "hello", 0, 15000)) { // JVM start-up and first connection are slow
      List<CountDownLatch> pending = new ArrayList<>();
      List<ClientCall<Msg, Msg>> calls = new ArrayList<>();
      CountDownLatch ready = new CountDownLatch(1);
      // server stream
      CountDownLatch streamDone = new CountDownLatch(1);
      pending.add(streamDone);
      ClientCall<Msg, Msg> stream = ch.newCall(STREAM, CallOptions.DEFAULT);
      calls.add(stream);
      Msg sreq = new Msg("watch orders", 0);
      sreq.f2 = streamCount; sreq.f3 = streamInterval; sreq.f5 = 3;
      AtomicInteger received = new AtomicInteger();
      ClientCalls.asyncServerStreamingCall(stream, sreq, new StreamObserver<Msg>() {
        public void onNext(Msg m) {
          int r = received.incrementAndGet();
          if (r <= 5 || r % 10 == 0) log("INFO", "received message " + r + " (seq=" + m.f2 + " \"" + m.message + "\")");
          if (r == 3) ready.countDown();
        }
        public void onError(Throwable t) { logErr("order stream failed after " + received.get() + " messages:", t); streamDone.countDown(); }
        public void onCompleted() { log("INFO", "order stream ended after " + received.get() + " messages"); streamDone.countDown(); }
      });
      ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> { Thread t = new Thread(r); t.setDaemon(true); return t; });
      if (bidi) {
        CountDownLatch bidiDone = new CountDownLatch(1);
        pending.add(bidiDone);
        ClientCall<Msg, Msg> chat = ch.newCall(BIDI, CallOptions.DEFAULT);
        calls.add(chat);
        AtomicInteger n = new AtomicInteger();
        StreamObserver<Msg> out = ClientCalls.asyncBidiStreamingCall(chat, new StreamObserver<Msg>() {
          public void onNext(Msg m) { int k = n.incrementAndGet(); if (k <= 3 || k % 10 == 0) log("DEBUG", "bidi reply \"" + m.message + "\""); }
          public void onError(Throwable t) { ticker.shutdownNow(); logErr("bidi chat failed after " + n.get() + " replies:", t); bidiDone.countDown(); }
          public void onCompleted() { ticker.shutdownNow(); log("INFO", "bidi chat ended after " + n.get() + " replies"); bidiDone.countDown(); }
        });
        AtomicInteger sent = new AtomicInteger();
        ticker.scheduleAtFixedRate(() -> {
          if (sent.incrementAndGet() > 200) return;
          try { synchronized (out) { out.onNext(new Msg("ping-" + sent.get(), 0)); } } catch (RuntimeException e) { /* call over */ }
        }, 500, 500, TimeUnit.MILLISECONDS);
      }
      ready.await(8, TimeUnit.SECONDS);
      log("INFO", "stream is open, starting slow unary call (server delay " + slowDelay + " ms)");
      CountDownLatch slowDone = new CountDownLatch(1);
      pending.add(slowDone);
      Thread slow = new Thread(() -> { unary(ch, "slow-report", slowDelay, slowDelay + 8000); slowDone.countDown(); });
      slow.setDaemon(true);
      slow.start();
      marker("ready");
      if (closeAfter >= 0) {
        sleep(closeAfter);
        log("INFO", "closing channel (channel.shutdownNow())");
        ch.shutdownNow();
      }
      long until = System.currentTimeMillis() + maxWait;
      boolean all = true;
      for (CountDownLatch l : pending) all &= l.await(Math.max(0, until - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
      if (!all) {
        log("WARN", "calls still open after " + maxWait + " ms, cancelling them");
        for (ClientCall<Msg, Msg> c : calls) c.cancel(null, null);
        for (CountDownLatch l : pending) l.await(2, TimeUnit.SECONDS);
      }
    }
    for (int i = 1; i <= retries; i++) {
      log("INFO", "follow-up call " + i + "/" + retries);
      if (unary(ch, "after-" + i, 0, 1000)) break;
      if (i < retries) sleep(retryInterval);
    }
    log("INFO", "client done");
    ch.shutdownNow();
    ch.awaitTermination(1, TimeUnit.SECONDS);
    System.exit(0);
  }
}
