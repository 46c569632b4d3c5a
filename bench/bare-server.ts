/**
 * The yardstick: a bare node:http server answering a fixed GetCallerIdentity-sized body, so the benchmark
 * can say what fraction of plain Node throughput the whole iamlab pipeline keeps. BENCH_BARE_BODY (base64)
 * replaces the body (the CPU section answers each path with the lab's own answer); BENCH_BARE_PORT fixes the
 * port (the start-up race against the lab polls a port known in advance).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

const GET_CALLER_IDENTITY = Buffer.from(
  '<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>arn:aws:iam::123456789012:root</Arn><UserId>123456789012</UserId><Account>123456789012</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>00000000-0000-0000-0000-000000000000</RequestId></ResponseMetadata></GetCallerIdentityResponse>',
);
const BODY = process.env['BENCH_BARE_BODY'] === undefined ? GET_CALLER_IDENTITY : Buffer.from(process.env['BENCH_BARE_BODY'], 'base64');

const server = createServer({ keepAlive: true }, (req, res) => {
  // Read the body like the lab does, so both pay for the same bytes.
  req.on('data', () => undefined);
  req.on('end', () => {
    res.writeHead(200, { 'Content-Type': 'text/xml', 'Content-Length': String(BODY.length) });
    res.end(BODY);
  });
});
server.listen(Number(process.env['BENCH_BARE_PORT'] ?? 0), '127.0.0.1', () => {
  process.stdout.write(`${(server.address() as AddressInfo).port}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
