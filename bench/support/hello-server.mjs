// The backend for router benchmarks: a minimal Node HTTP app on $PORT.
import { createServer } from 'node:http'
createServer((req, res) => {
  res.setHeader('Content-Type', 'text/plain')
  res.end('hello from the app\n')
}).listen(Number(process.env.PORT), '127.0.0.1', () => console.log(`listening ${process.env.PORT}`))
