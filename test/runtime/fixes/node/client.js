// A plain grpc-js Feed client: scripts/runtime-fixes.mjs applies gRPC Doctor's quick fixes to this file.
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');

const proto = grpc.loadPackageDefinition(
  protoLoader.loadSync(process.env.FEED_PROTO, { keepCase: true, longs: Number }),
);

function makeClient(target) {
  const client = new proto.demo.feed.v1.Feed(target, grpc.credentials.createInsecure());
  return client;
}

function subscribe(client, resumeAfter) {
  return client.Subscribe({ resume_after: resumeAfter });
}

module.exports = { grpc, makeClient, subscribe };
