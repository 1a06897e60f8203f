'use strict'
// The web process of a static site: serves /app (or STATIC_APP_DIR) on $PORT.
const { createStaticServer } = require('./static-server.cjs')

const port = Number(process.env.PORT || 5000)
const server = createStaticServer({ appDir: process.env.STATIC_APP_DIR || '/app' })
server.keepAliveTimeout = 65_000
server.listen(port, () => console.log(`Static site listening on port ${port}`))
process.on('SIGTERM', () => server.close(() => process.exit(0)))
