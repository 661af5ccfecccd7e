import http from 'node:http';

/**
 * The floor for bench:api: reads a JSON body and answers a constant prediction, with no
 * framework, validation, model or logging, on the same runtime.
 */
const answer = JSON.stringify({
  churn_probability: 0.5,
  will_churn: true,
  threshold: 0.5,
  risk_level: 'medium',
});
http
  .createServer((req, res) => {
    if (req.method === 'GET') {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      JSON.parse(Buffer.concat(chunks).toString('utf8'));
      res.writeHead(200, { 'content-type': 'application/json' }).end(answer);
    });
  })
  .listen(Number(process.env.PORT ?? 8001), '127.0.0.1');
