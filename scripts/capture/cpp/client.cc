// Echo client on gRPC C++ (Debian 12's libgrpc++-dev 1.51), helloworld style: code generated
// from ../echo.proto by protoc + grpc_cpp_plugin, the sync API, and errors printed the way the
// helloworld greeter_client does: `status.error_code() << ": " << status.error_message()`, on lines
// with a UTC timestamp.
// Same flow as the other clients (scripts/capture/run.mjs): unary "hello" -> server stream + bidi ->
// after 3 stream messages a slow unary and "@@ready" -> wait (cancel after --max-wait) -> follow-ups.
// C++ has no channel close, so there is no client-close run.
#include <grpcpp/grpcpp.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <ctime>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "echo.grpc.pb.h"

using capture::Echo;
using capture::Req;
using capture::Resp;

static std::mutex out_mu;
// UTC time of day with milliseconds, the prefix a small service puts on its lines
static std::string now() {
  auto t = std::chrono::system_clock::now();
  std::time_t secs = std::chrono::system_clock::to_time_t(t);
  int ms = static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count() % 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[40];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  char out[48];
  std::snprintf(out, sizeof out, "%s.%03dZ", buf, ms);
  return out;
}
#define SAY(x) do { std::lock_guard<std::mutex> lk(out_mu); std::cout << now() << " [orders-client] " << x << std::endl; } while (0)

int main(int argc, char** argv) {
  std::map<std::string, std::string> a;
  for (int i = 1; i < argc; i++) {
    std::string s = argv[i];
    if (s.rfind("--", 0) != 0) continue;
    auto eq = s.find('=');
    if (eq == std::string::npos) a[s.substr(2)] = "true"; else a[s.substr(2, eq - 2)] = s.substr(eq + 1);
  }
  auto num = [&](const char* k, int def) { return a.count(k) ? std::stoi(a[k]) : def; };
  const std::string target = a["target"];
  const int streamInterval = num("stream-interval", 200), streamCount = num("stream-count", 1000);
  const int slowDelay = num("slow-delay", 1000), maxWait = num("max-wait", 12000);
  const int retries = num("retries", 1), retryInterval = num("retry-interval", 500), keepalive = num("keepalive", 0);
  const bool withBidi = a["bidi"] != "false";

  grpc::ChannelArguments cargs;
  if (keepalive > 0) {
    cargs.SetInt(GRPC_ARG_KEEPALIVE_TIME_MS, keepalive);
    cargs.SetInt(GRPC_ARG_KEEPALIVE_TIMEOUT_MS, 5000);
    cargs.SetInt(GRPC_ARG_KEEPALIVE_PERMIT_WITHOUT_CALLS, 1);
    cargs.SetInt(GRPC_ARG_HTTP2_MAX_PINGS_WITHOUT_DATA, 0);
  }
  SAY("starting client (grpc++ " << grpc::Version() << ") target=" << target);
  auto channel = grpc::CreateCustomChannel(target, grpc::InsecureChannelCredentials(), cargs);
  std::unique_ptr<Echo::Stub> stub = Echo::NewStub(channel);

  auto unary = [&](const std::string& msg, int delayMs, int timeoutMs) {
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::milliseconds(timeoutMs));
    Req req;
    req.set_message(msg);
    req.set_delay_ms(delayMs);
    Resp resp;
    grpc::Status status = stub->Unary(&ctx, req, &resp);
    if (status.ok()) { SAY("Unary(\"" << msg << "\") -> \"" << resp.message() << "\""); return true; }
    SAY("Unary(\"" << msg << "\") failed: " << status.error_code() << ": " << status.error_message());
    return false;
  };

  if (unary("hello", 0, 3000)) {
    std::mutex mu;
    std::condition_variable cv;
    bool ready = false;
    auto markReady = [&] { std::lock_guard<std::mutex> lk(mu); ready = true; cv.notify_all(); };
    std::vector<std::thread> threads;
    std::atomic<int> open{0};

    grpc::ClientContext streamCtx;
    grpc::ClientContext bidiCtx;
    open++;
    threads.emplace_back([&] {
      Req req;
      req.set_message("watch orders");
      req.set_count(streamCount);
      req.set_interval_ms(streamInterval);
      req.set_burst(3);
      std::unique_ptr<grpc::ClientReader<Resp>> reader(stub->ServerStream(&streamCtx, req));
      Resp m;
      int n = 0;
      while (reader->Read(&m)) {
        n++;
        if (n <= 5 || n % 10 == 0) SAY("received message " << n << " (seq=" << m.seq() << " \"" << m.message() << "\")");
        if (n == 3) markReady();
      }
      grpc::Status status = reader->Finish();
      if (status.ok()) SAY("order stream ended after " << n << " messages");
      else SAY("order stream failed after " << n << " messages: " << status.error_code() << ": " << status.error_message());
      markReady();
      open--;
    });
    if (withBidi) {
      open++;
      threads.emplace_back([&] {
        std::shared_ptr<grpc::ClientReaderWriter<Req, Resp>> rw(stub->Bidi(&bidiCtx));
        std::atomic<bool> stop{false};
        std::thread writer([&] {
          for (int i = 1; i <= 200 && !stop; i++) {
            std::this_thread::sleep_for(std::chrono::milliseconds(500));
            if (stop) break;
            Req r;
            r.set_message("ping-" + std::to_string(i));
            if (!rw->Write(r)) break;
          }
        });
        Resp m;
        int n = 0;
        while (rw->Read(&m)) n++;
        stop = true;
        writer.join();
        grpc::Status status = rw->Finish();
        if (status.ok()) SAY("bidi chat ended after " << n << " replies");
        else SAY("bidi chat failed after " << n << " replies: " << status.error_code() << ": " << status.error_message());
        open--;
      });
    }
    {
      std::unique_lock<std::mutex> lk(mu);
      cv.wait_for(lk, std::chrono::seconds(8), [&] { return ready; });
    }
    SAY("stream is open, starting slow unary call (server delay " << slowDelay << " ms)");
    open++;
    threads.emplace_back([&] { unary("slow-report", slowDelay, slowDelay + 8000); open--; });
    { std::lock_guard<std::mutex> lk(out_mu); std::cout << "@@ready" << std::endl; }
    auto end = std::chrono::steady_clock::now() + std::chrono::milliseconds(maxWait);
    while (open > 0 && std::chrono::steady_clock::now() < end) std::this_thread::sleep_for(std::chrono::milliseconds(20));
    if (open > 0) {
      SAY("calls still open after " << maxWait << " ms, cancelling them");
      streamCtx.TryCancel();
      bidiCtx.TryCancel();
    }
    for (auto& t : threads) t.join();
  }
  for (int i = 1; i <= retries; i++) {
    SAY("follow-up call " << i << "/" << retries);
    if (unary("after-" + std::to_string(i), 0, 1000)) break;
    if (i < retries) std::this_thread::sleep_for(std::chrono::milliseconds(retryInterval));
  }
  SAY("client done");
  return 0;
}
