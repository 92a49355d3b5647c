// Echo client and server on tonic (code generated from ../echo.proto by tonic-prost-build).
// Same flow and flags as ../node/client.js and ../node/server.js:
//   tonic-capture server [--port=N] [--max-age=ms]        stdin: graceful <ms> | hard | quit
//   tonic-capture client --target=h:p [--slow-delay --max-wait --retries --retry-interval
//                                      --keepalive --stream-interval --stream-count --bidi]
// tonic has no force-stop: "hard" (and a graceful stop whose grace expired) ends the process.
// Errors are printed the way applications usually print them: `{}` of the Status plus its sources.
use std::collections::HashMap;
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use tokio::io::{AsyncBufReadExt, BufReader};
use tokio_stream::wrappers::{ReceiverStream, TcpListenerStream};
use tokio_stream::{Stream, StreamExt};
use tonic::transport::{Channel, Endpoint, Server};
use tonic::{Request, Response, Status, Streaming};

pub mod capture {
    tonic::include_proto!("capture");
}
use capture::echo_client::EchoClient;
use capture::echo_server::{Echo, EchoServer};
use capture::{Req, Resp};

const TONIC_VERSION: &str = env!("TONIC_VERSION");

fn ts() -> String {
    let d = SystemTime::now().duration_since(UNIX_EPOCH).unwrap();
    let secs = d.as_secs();
    let (h, m, s) = ((secs / 3600) % 24, (secs / 60) % 60, secs % 60);
    format!("{:02}:{:02}:{:02}.{:03}Z", h, m, s, d.subsec_millis())
}
fn log(who: &str, level: &str, msg: &str) {
    println!("{} {:<5} [{}] {}", ts(), level, who, msg);
}
fn log_err(msg: &str, err: &(dyn std::error::Error + 'static)) {
    println!("{} ERROR [orders-client] {}", ts(), msg);
    println!("Error: {}", err);
    let mut src = err.source();
    while let Some(s) = src {
        println!("Caused by: {}", s);
        src = s.source();
    }
}

fn parse_args() -> (String, HashMap<String, String>) {
    let mut it = std::env::args().skip(1);
    let mode = it.next().unwrap_or_default();
    let mut map = HashMap::new();
    for a in it {
        if let Some(rest) = a.strip_prefix("--") {
            match rest.split_once('=') {
                Some((k, v)) => map.insert(k.to_string(), v.to_string()),
                None => map.insert(rest.to_string(), "true".to_string()),
            };
        }
    }
    (mode, map)
}
fn num(args: &HashMap<String, String>, k: &str, def: i64) -> i64 {
    args.get(k).and_then(|v| v.parse().ok()).unwrap_or(def)
}

// ------------------------------------------------------------------ server
#[derive(Default)]
struct Svc;

type RespStream = Pin<Box<dyn Stream<Item = Result<Resp, Status>> + Send>>;

#[tonic::async_trait]
impl Echo for Svc {
    async fn unary(&self, req: Request<Req>) -> Result<Response<Resp>, Status> {
        let r = req.into_inner();
        log("echo-server", "INFO", &format!("Unary message={:?} delay_ms={}", r.message, r.delay_ms));
        tokio::time::sleep(Duration::from_millis(r.delay_ms.max(0) as u64)).await;
        Ok(Response::new(Resp { message: format!("echo: {}", r.message), seq: 0 }))
    }

    type ServerStreamStream = RespStream;
    async fn server_stream(&self, req: Request<Req>) -> Result<Response<RespStream>, Status> {
        let r = req.into_inner();
        let count = if r.count == 0 { 10 } else { r.count };
        let interval = if r.interval_ms == 0 { 200 } else { r.interval_ms } as u64;
        let burst = r.burst;
        log("echo-server", "INFO", &format!("ServerStream started: count={} burst={} interval_ms={}", count, burst, interval));
        let (tx, rx) = tokio::sync::mpsc::channel(16);
        tokio::spawn(async move {
            for seq in 1..=count {
                if tx.send(Ok(Resp { message: format!("tick {}", seq), seq })).await.is_err() {
                    log("echo-server", "WARN", &format!("ServerStream cancelled after {} messages", seq - 1));
                    return;
                }
                if seq >= burst {
                    tokio::time::sleep(Duration::from_millis(interval)).await;
                }
            }
            log("echo-server", "INFO", &format!("ServerStream finished after {} messages", count));
        });
        Ok(Response::new(Box::pin(ReceiverStream::new(rx))))
    }

    type BidiStream = RespStream;
    async fn bidi(&self, req: Request<Streaming<Req>>) -> Result<Response<RespStream>, Status> {
        let mut inbound = req.into_inner();
        let (tx, rx) = tokio::sync::mpsc::channel(16);
        tokio::spawn(async move {
            let mut n = 0;
            while let Some(item) = inbound.next().await {
                match item {
                    Ok(m) => {
                        n += 1;
                        if tx.send(Ok(Resp { message: format!("pong: {}", m.message), seq: n })).await.is_err() {
                            break;
                        }
                    }
                    Err(s) => {
                        log("echo-server", "WARN", &format!("Bidi ended after {} messages: {}", n, s));
                        return;
                    }
                }
            }
            log("echo-server", "INFO", &format!("Bidi client half-closed after {} messages", n));
        });
        Ok(Response::new(Box::pin(ReceiverStream::new(rx))))
    }
}

async fn server(args: HashMap<String, String>) {
    let port = num(&args, "port", 0);
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port as u16)).await.expect("bind");
    let bound = listener.local_addr().unwrap().port();
    let mut builder = Server::builder();
    if let Some(age) = args.get("max-age").and_then(|v| v.parse::<u64>().ok()) {
        builder = builder.max_connection_age(Duration::from_millis(age));
    }
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let serve = builder
        .add_service(EchoServer::new(Svc))
        .serve_with_incoming_shutdown(TcpListenerStream::new(listener), async {
            let _ = stop_rx.await;
        });
    let task = tokio::spawn(serve);
    log("echo-server", "INFO", &format!("server (tonic {}) listening on 127.0.0.1:{}", TONIC_VERSION, bound));
    println!("@@listening {}", bound);
    let mut lines = BufReader::new(tokio::io::stdin()).lines();
    let mut stop_tx = Some(stop_tx);
    while let Ok(Some(line)) = lines.next_line().await {
        let parts: Vec<&str> = line.split_whitespace().collect();
        match parts.first().copied() {
            Some("graceful") => {
                let grace: u64 = parts.get(1).and_then(|v| v.parse().ok()).unwrap_or(2000);
                log("echo-server", "INFO", &format!("shutting down gracefully (serve_with_shutdown signal), exiting after {} ms", grace));
                if let Some(tx) = stop_tx.take() {
                    let _ = tx.send(());
                }
                let task_ref = &task;
                tokio::select! {
                    _ = tokio::time::sleep(Duration::from_millis(grace)) => {
                        log("echo-server", "WARN", "grace period expired, ending the process");
                        std::process::exit(0);
                    }
                    _ = async { while !task_ref.is_finished() { tokio::time::sleep(Duration::from_millis(20)).await; } } => {
                        log("echo-server", "INFO", "graceful shutdown complete");
                    }
                }
            }
            Some("hard") => {
                log("echo-server", "INFO", "no force-stop in tonic: ending the process");
                std::process::exit(0);
            }
            Some("quit") => std::process::exit(0),
            _ => {}
        }
    }
    std::process::exit(0);
}

// ------------------------------------------------------------------ client
async fn unary(client: &mut EchoClient<Channel>, message: &str, delay_ms: i64, timeout_ms: u64) -> bool {
    let mut req = Request::new(Req { message: message.to_string(), delay_ms: delay_ms as i32, ..Default::default() });
    req.set_timeout(Duration::from_millis(timeout_ms));
    match client.unary(req).await {
        Ok(r) => {
            log("orders-client", "INFO", &format!("Unary({:?}) -> {:?}", message, r.into_inner().message));
            true
        }
        Err(s) => {
            log_err(&format!("Unary({:?}) failed:", message), &s);
            false
        }
    }
}

async fn client(args: HashMap<String, String>) {
    let target = args.get("target").cloned().unwrap_or_default();
    let stream_interval = num(&args, "stream-interval", 200);
    let stream_count = num(&args, "stream-count", 1000);
    let slow_delay = num(&args, "slow-delay", 1000);
    let max_wait = num(&args, "max-wait", 12000) as u64;
    let retries = num(&args, "retries", 1);
    let retry_interval = num(&args, "retry-interval", 500) as u64;
    let bidi = args.get("bidi").map(|v| v != "false").unwrap_or(true);
    let mut ep = Endpoint::from_shared(format!("http://{}", target)).expect("endpoint");
    if let Some(ka) = args.get("keepalive").and_then(|v| v.parse::<u64>().ok()) {
        ep = ep
            .http2_keep_alive_interval(Duration::from_millis(ka))
            .keep_alive_timeout(Duration::from_secs(5))
            .keep_alive_while_idle(true);
    }
    log("orders-client", "INFO", &format!("starting client (tonic {}) target={}", TONIC_VERSION, target));
    let channel = ep.connect_lazy();
    let mut c = EchoClient::new(channel.clone());
    if unary(&mut c, "hello", 0, 3000).await {
        let mut pending = Vec::new();
        let received = Arc::new(AtomicUsize::new(0));
        let (ready_tx, ready_rx) = tokio::sync::oneshot::channel::<()>();
        {
            let mut sc = c.clone();
            let received = received.clone();
            pending.push(tokio::spawn(async move {
                let req = Req { message: "watch orders".into(), count: stream_count as i32, interval_ms: stream_interval as i32, burst: 3, ..Default::default() };
                let mut ready_tx = Some(ready_tx);
                match sc.server_stream(req).await {
                    Err(s) => log_err("order stream failed after 0 messages:", &s),
                    Ok(resp) => {
                        let mut st = resp.into_inner();
                        loop {
                            match st.next().await {
                                Some(Ok(m)) => {
                                    let r = received.fetch_add(1, Ordering::SeqCst) + 1;
                                    if r <= 5 || r % 10 == 0 {
                                        log("orders-client", "INFO", &format!("received message {} (seq={} {:?})", r, m.seq, m.message));
                                    }
                                    if r == 3 {
                                        if let Some(t) = ready_tx.take() {
                                            let _ = t.send(());
                                        }
                                    }
                                }
                                Some(Err(s)) => {
                                    log_err(&format!("order stream failed after {} messages:", received.load(Ordering::SeqCst)), &s);
                                    break;
                                }
                                None => {
                                    log("orders-client", "INFO", &format!("order stream ended after {} messages", received.load(Ordering::SeqCst)));
                                    break;
                                }
                            }
                        }
                    }
                }
            }));
        }
        if bidi {
            let mut bc = c.clone();
            pending.push(tokio::spawn(async move {
                let outbound = async_stream_pings();
                match bc.bidi(Request::new(outbound)).await {
                    Err(s) => log_err("bidi chat failed after 0 replies:", &s),
                    Ok(resp) => {
                        let mut st = resp.into_inner();
                        let mut n = 0;
                        loop {
                            match st.next().await {
                                Some(Ok(m)) => {
                                    n += 1;
                                    if n <= 3 || n % 10 == 0 {
                                        log("orders-client", "DEBUG", &format!("bidi reply {:?}", m.message));
                                    }
                                }
                                Some(Err(s)) => {
                                    log_err(&format!("bidi chat failed after {} replies:", n), &s);
                                    break;
                                }
                                None => {
                                    log("orders-client", "INFO", &format!("bidi chat ended after {} replies", n));
                                    break;
                                }
                            }
                        }
                    }
                }
            }));
        }
        let _ = tokio::time::timeout(Duration::from_secs(8), ready_rx).await;
        log("orders-client", "INFO", &format!("stream is open, starting slow unary call (server delay {} ms)", slow_delay));
        {
            let mut uc = c.clone();
            pending.push(tokio::spawn(async move {
                unary(&mut uc, "slow-report", slow_delay, slow_delay as u64 + 8000).await;
            }));
        }
        println!("@@ready");
        let aborts: Vec<_> = pending.iter().map(|h| h.abort_handle()).collect();
        let all = futures_join(pending);
        if tokio::time::timeout(Duration::from_millis(max_wait), all).await.is_err() {
            log("orders-client", "WARN", &format!("calls still open after {} ms, cancelling them", max_wait));
            for a in aborts {
                a.abort();
            }
        }
    }
    for i in 1..=retries {
        log("orders-client", "INFO", &format!("follow-up call {}/{}", i, retries));
        if unary(&mut c, &format!("after-{}", i), 0, 1000).await {
            break;
        }
        if i < retries {
            tokio::time::sleep(Duration::from_millis(retry_interval)).await;
        }
    }
    log("orders-client", "INFO", "client done");
    std::process::exit(0);
}

fn async_stream_pings() -> impl Stream<Item = Req> {
    let (tx, rx) = tokio::sync::mpsc::channel(4);
    tokio::spawn(async move {
        for i in 1..=200 {
            tokio::time::sleep(Duration::from_millis(500)).await;
            if tx.send(Req { message: format!("ping-{}", i), ..Default::default() }).await.is_err() {
                return;
            }
        }
    });
    ReceiverStream::new(rx)
}

async fn futures_join(handles: Vec<tokio::task::JoinHandle<()>>) {
    for h in handles {
        let _ = h.await;
    }
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let (mode, args) = parse_args();
    match mode.as_str() {
        "version" => println!("{}", TONIC_VERSION),
        "server" => server(args).await,
        "client" => client(args).await,
        _ => {
            eprintln!("usage: tonic-capture server|client|version");
            std::process::exit(2);
        }
    }
}
