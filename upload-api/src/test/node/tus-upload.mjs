// Uploads one file to a tus server with the official tus-js-client and reports on stdout, one line per event, so a
// Java integration test can drive the network under it (cut the connection, reopen it) and check the outcome:
//   progress <bytesSent> <bytesTotal>   (at most once per percent)
//   retry <attempt> <status or 0> <message>
//   success <upload URL>
//   error <message>                      (then exit code 1)
//
// node tus-upload.mjs --endpoint URL --file PATH [--token JWT] [--meta key=value]... [--chunk-size BYTES]
//                     [--with-creation-upload]
import fs from 'node:fs';
import * as tus from 'tus-js-client';

const args = process.argv.slice(2);
const options = { meta: {} };
for (let i = 0; i < args.length; i++) {
  const name = args[i];
  if (name === '--with-creation-upload') {
    options.creationUpload = true;
    continue;
  }
  const value = args[++i];
  if (value === undefined) {
    console.log(`error missing value for ${name}`);
    process.exit(2);
  }
  if (name === '--meta') {
    const at = value.indexOf('=');
    options.meta[value.slice(0, at)] = value.slice(at + 1);
  } else {
    options[name.replace(/^--/, '').replace(/-([a-z])/g, (_, c) => c.toUpperCase())] = value;
  }
}
if (!options.endpoint || !options.file) {
  console.log('error --endpoint and --file are required');
  process.exit(2);
}

const size = fs.statSync(options.file).size;
let lastPercent = -1;
const upload = new tus.Upload(fs.createReadStream(options.file), {
  endpoint: options.endpoint,
  uploadSize: size,
  chunkSize: options.chunkSize ? Number(options.chunkSize) : Infinity,
  uploadDataDuringCreation: Boolean(options.creationUpload),
  retryDelays: [0, 100, 250, 500, 1000, 1000, 2000, 2000, 3000, 3000, 3000, 3000],
  headers: options.token ? { Authorization: `Bearer ${options.token}` } : {},
  metadata: { filename: options.file.split('/').pop(), filetype: 'video/mp4', ...options.meta },
  removeFingerprintOnSuccess: true,
  onProgress(bytesSent, bytesTotal) {
    const percent = Math.floor((bytesSent * 100) / bytesTotal);
    if (percent !== lastPercent) {
      lastPercent = percent;
      console.log(`progress ${bytesSent} ${bytesTotal}`);
    }
  },
  onShouldRetry(error, attempt) {
    const status = error.originalResponse ? error.originalResponse.getStatus() : 0;
    console.log(`retry ${attempt} ${status} ${String(error.message).split('\n')[0]}`);
    return status === 0 || status === 409 || status === 423 || status >= 500;
  },
  onError(error) {
    console.log(`error ${String(error.message).split('\n').join(' ')}`);
    process.exit(1);
  },
  onSuccess() {
    console.log(`success ${upload.url}`);
    process.exit(0);
  },
});
upload.start();
