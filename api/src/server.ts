import { createServer } from 'node:http';

// Placeholder until the prediction API lands: answers /health so `npm start` works.
const port = Number(process.env.PORT ?? 8000);
createServer((req, res) => {
  const ok = req.url === '/health';
  res.writeHead(ok ? 200 : 404, { 'content-type': 'application/json' });
  res.end(JSON.stringify(ok ? { status: 'ok' } : { error: { code: 'not_found', message: 'no such route' } }));
}).listen(port, () => console.log(`API on http://localhost:${port}`));
