// Runtime proof for the Node quick fixes: a real grpc-js server on 127.0.0.1 that goes away mid-test.
// argv: <unfixed client.js> <retry-fixed client.js> <reconnect-fixed client.js>; prints one JSON line.
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');

const proto = grpc.loadPackageDefinition(
  protoLoader.loadSync(process.env.FEED_PROTO, { keepCase: true, longs: Number }),
);
const [unfixedPath, retryPath, reconnectPath] = process.argv.slice(2);
const LAST = 30;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function startServer(port) {
  const server = new grpc.Server();
  server.addService(proto.demo.feed.v1.Feed.service, {
    GetEvent: (call, cb) => cb(null, { seq: call.request.seq, body: 'ok' }),
    Subscribe: async (call) => {
      for (let seq = Number(call.request.resume_after) + 1; seq <= LAST && !call.cancelled; seq++) {
        call.write({ seq, body: `event ${seq}` });
        await sleep(40);
      }
      call.end();
    },
  });
  const bound = await new Promise((resolve, reject) =>
    server.bindAsync(`127.0.0.1:${port}`, grpc.ServerCredentials.createInsecure(), (e, p) =>
      e ? reject(e) : resolve(p),
    ),
  );
  return { server, port: bound };
}

const unary = (client, metadata) =>
  new Promise((resolve) => {
    client.GetEvent({ seq: 7 }, metadata ?? new grpc.Metadata(), { deadline: Date.now() + 10_000 }, (error, reply) =>
      resolve(error ? { ok: false, code: error.code, details: error.details } : { ok: true, seq: Number(reply.seq) }),
    );
  });

async function unaryAcrossRestart(modulePath, waitForReady) {
  const { makeClient } = require(modulePath);
  let { server, port } = await startServer(0);
  const client = makeClient(`127.0.0.1:${port}`);
  await unary(client);
  server.forceShutdown();
  await sleep(100);
  const restart = sleep(700).then(async () => ({ server } = await startServer(port)));
  const result = await unary(client, waitForReady ? new grpc.Metadata({ waitForReady: true }) : undefined);
  await restart;
  client.close();
  server.forceShutdown();
  return result;
}

async function streamAcrossRestart(modulePath, useLoop) {
  const mod = require(modulePath);
  let { server, port } = await startServer(0);
  const client = mod.makeClient(`127.0.0.1:${port}`);
  const seen = [];
  setTimeout(() => {
    server.forceShutdown();
    setTimeout(async () => ({ server } = await startServer(port)), 300);
  }, 400);
  let error;
  try {
    if (useLoop) {
      await mod.consumeWithReconnect(
        (position) => client.Subscribe({ resume_after: position }, new grpc.Metadata({ waitForReady: true })),
        (event, position) => {
          seen.push(Number(event.seq));
          return Number(event.seq);
        },
        0,
      );
    } else {
      for await (const event of mod.subscribe(client, 0)) seen.push(Number(event.seq));
    }
  } catch (e) {
    error = { code: e.code, details: e.details };
  }
  await sleep(400);
  client.close();
  server.forceShutdown();
  const complete = seen.length === LAST && seen.every((s, i) => s === i + 1);
  return { ok: complete && !error, received: seen.length, error };
}

(async () => {
  const out = {
    unaryUnfixed: await unaryAcrossRestart(unfixedPath, false),
    unaryFixed: await unaryAcrossRestart(retryPath, true),
    streamUnfixed: await streamAcrossRestart(unfixedPath, false),
    streamFixed: await streamAcrossRestart(reconnectPath, true),
  };
  console.log(JSON.stringify(out));
  process.exit(0);
})();
