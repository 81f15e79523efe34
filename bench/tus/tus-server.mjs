// The reference Node tus server for bench/tus: @tus/server with @tus/s3-store writing to the same S3 endpoint as
// upload-api, 8 MiB parts like upload-api. GET /stats answers the peak heap and RSS sampled every 50 ms.
//   node tus-server.mjs PORT S3_ENDPOINT BUCKET ACCESS_KEY SECRET_KEY
import http from 'node:http';
import { Server } from '@tus/server';
import { S3Store } from '@tus/s3-store';

const [port, endpoint, bucket, accessKeyId, secretAccessKey] = process.argv.slice(2);
const tus = new Server({
  path: '/files',
  datastore: new S3Store({
    partSize: 8 * 1024 * 1024,
    s3ClientConfig: {
      bucket,
      endpoint,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: { accessKeyId, secretAccessKey },
    },
  }),
});
let peakHeap = 0;
let peakRss = 0;
setInterval(() => {
  const m = process.memoryUsage();
  peakHeap = Math.max(peakHeap, m.heapUsed);
  peakRss = Math.max(peakRss, m.rss);
}, 50).unref();
http.createServer((req, res) => {
  if (req.url === '/stats') {
    res.setHeader('Content-Type', 'application/json');
    res.end(JSON.stringify({ peakHeap, peakRss }));
    peakHeap = 0;
    peakRss = 0;
    return;
  }
  tus.handle(req, res);
}).listen(Number(port), '127.0.0.1', () => console.log(`listening ${port}`));
