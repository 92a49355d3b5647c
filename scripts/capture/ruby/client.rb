# Echo client on Debian 12's ruby-grpc (1.51), no generated code: GRPC::ClientStub with a
# hand-written protobuf encoding of capture.Req / capture.Resp (../echo.proto).
# Same flow as the other clients (scripts/capture/run.mjs), without the bidi call: unary "hello" ->
# server stream -> after 3 messages a slow unary and "@@ready" -> wait (cancel after --max-wait) ->
# follow-up calls. Errors go through Ruby's Logger the way Ruby services log them:
# `logger.error("...: #{e.message}")` for unary calls and `logger.error(e)` (class + backtrace)
# for the stream.
require 'grpc'
require 'logger'
require 'timeout'

args = ARGV.each_with_object({}) { |a, h| k, v = a.sub(/\A--/, '').split('=', 2); h[k] = v || 'true' }
num = ->(k, d) { (args[k] || d).to_i }
$stdout.sync = true
log = Logger.new($stdout, progname: 'orders-client')

def varint(n)
  out = +''.b
  loop do
    b = n & 0x7f
    n >>= 7
    if n.zero?
      out << b.chr
      return out
    end
    out << (b | 0x80).chr
  end
end

ENCODE = lambda do |req|
  out = +''.b
  msg = req[:message].to_s.b
  out << varint(1 << 3 | 2) << varint(msg.bytesize) << msg unless msg.empty?
  { 2 => :count, 3 => :interval_ms, 4 => :delay_ms, 5 => :burst }.each do |n, k|
    v = req[k].to_i
    out << varint(n << 3) << varint(v) unless v.zero?
  end
  out
end
DECODE = lambda do |buf|
  res = {}
  bytes = buf.bytes
  i = 0
  rd = lambda do
    n = 0
    s = 0
    loop do
      b = bytes[i]
      i += 1
      n |= (b & 0x7f) << s
      break if (b & 0x80).zero?

      s += 7
    end
    n
  end
  while i < bytes.size
    key = rd.call
    if (key & 7).zero?
      res[key >> 3] = rd.call
    else
      len = rd.call
      res[key >> 3] = bytes[i, len].pack('C*').force_encoding('UTF-8')
      i += len
    end
  end
  { message: res[1].to_s, seq: res[2].to_i }
end

target = args['target']
chan_args = {}
if num.call('keepalive', 0) > 0
  chan_args['grpc.keepalive_time_ms'] = num.call('keepalive', 0)
  chan_args['grpc.keepalive_timeout_ms'] = 5000
  chan_args['grpc.keepalive_permit_without_calls'] = 1
  chan_args['grpc.http2.max_pings_without_data'] = 0
end
log.info("starting client (ruby-grpc #{GRPC::VERSION}, ruby #{RUBY_VERSION}) target=#{target}")
stub = GRPC::ClientStub.new(target, :this_channel_is_insecure, channel_args: chan_args)

unary = lambda do |msg, delay_ms, timeout_ms|
  resp = stub.request_response('/capture.Echo/Unary', { message: msg, delay_ms: delay_ms }, ENCODE, DECODE,
                               deadline: Time.now + timeout_ms / 1000.0)
  log.info("Unary(#{msg.inspect}) -> #{resp[:message].inspect}")
  true
rescue GRPC::BadStatus => e
  log.error("Unary(#{msg.inspect}) failed: #{e.message}")
  false
end

if unary.call('hello', 0, 3000)
  ready = Queue.new
  stream_op = nil
  threads = []
  threads << Thread.new do
    n = 0
    begin
      stream_op = stub.server_streamer('/capture.Echo/ServerStream',
                                       { message: 'watch orders', count: num.call('stream-count', 1000),
                                         interval_ms: num.call('stream-interval', 200), burst: 3 },
                                       ENCODE, DECODE, return_op: true)
      stream_op.execute.each do |m|
        n += 1
        log.info("received message #{n} (seq=#{m[:seq]} #{m[:message].inspect})") if n <= 5 || (n % 10).zero?
        ready << true if n == 3
      end
      log.info("order stream ended after #{n} messages")
    rescue GRPC::BadStatus => e
      log.error("order stream failed after #{n} messages")
      log.error(e)
    ensure
      ready << true
    end
  end
  begin
    Timeout.timeout(8) { ready.pop }
  rescue Timeout::Error
    nil
  end
  slow = num.call('slow-delay', 1000)
  log.info("stream is open, starting slow unary call (server delay #{slow} ms)")
  threads << Thread.new { unary.call('slow-report', slow, slow + 8000) }
  puts '@@ready'
  deadline = Time.now + num.call('max-wait', 12_000) / 1000.0
  threads.each { |t| t.join([deadline - Time.now, 0].max) }
  if threads.any?(&:alive?)
    log.warn("calls still open after #{num.call('max-wait', 12_000)} ms, cancelling them")
    stream_op&.cancel
    threads.each { |t| t.join(2) }
  end
end
retries = num.call('retries', 1)
(1..retries).each do |i|
  log.info("follow-up call #{i}/#{retries}")
  break if unary.call("after-#{i}", 0, 1000)

  sleep(num.call('retry-interval', 500) / 1000.0) if i < retries
end
log.info('client done')
exit!(0)
