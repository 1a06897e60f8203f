// The backend for router benchmarks: a minimal Node HTTP app on $HOST:$PORT (127.0.0.1 unless told).
import { createServer } from 'node:http'
createServer((req, res) => {
  res.setHeader('Content-Type', 'text/plain')
  res.end('hello from the app\n')
}).listen(Number(process.env.PORT), process.env.HOST || '127.0.0.1', () => console.log(`listening ${process.env.PORT}`))
