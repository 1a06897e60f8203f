import { writeFileSync } from 'node:fs'
import { join } from 'node:path'

/** What nginx serves in a benchmark: plain HTTP on `http`, and HTTPS on `https` with `tls` when given. */
export interface NginxListeners {
  http: number
  https?: { port: number; cert: string; key: string; ciphers: string }
}

/**
 * The baseline the benchmarks measure Berth's router against: nginx with one worker, proxying to
 * `backend` over keep-alive connections, its files in `dir`. Returns the config file's path.
 */
export function nginxConfig(dir: string, listen: NginxListeners, backend: number): string {
  const conf = join(dir, 'nginx.conf')
  const tls = listen.https
    ? `    listen 127.0.0.1:${listen.https.port} ssl;
    ssl_certificate ${listen.https.cert};
    ssl_certificate_key ${listen.https.key};
    ssl_protocols TLSv1.2 TLSv1.3;
    ssl_ciphers ${listen.https.ciphers};
    keepalive_timeout 55s;
`
    : ''
  const proto = listen.https ? ' proxy_set_header X-Forwarded-Proto https;' : ''
  writeFileSync(conf, `worker_processes 1;
daemon off;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path ${dir}/body; proxy_temp_path ${dir}/proxy; fastcgi_temp_path ${dir}/fcgi; uwsgi_temp_path ${dir}/uwsgi; scgi_temp_path ${dir}/scgi;
  upstream app { server 127.0.0.1:${backend}; keepalive 64; }
  server {
    listen 127.0.0.1:${listen.http};
${tls}    location / { proxy_pass http://app; proxy_http_version 1.1; proxy_set_header Connection ""; proxy_set_header Host $host;${proto} }
  }
}
`)
  return conf
}
