'use strict';
const http = require('http');

// Mounts one handler in the framework a deployment uses, serves one request and rejects with the error
// the framework hands to its error middleware.
function serveOnce(framework, method, path, handler) {
  return new Promise((resolve, reject) => {
    let captured = null;
    const onError = (err, req, res, next) => {
      captured = err;
      res.statusCode = 500;
      res.end();
    };
    let app;
    if (framework === 'connect') {
      const connect = require('connect');
      app = connect();
      app.use(`/${path.split('/')[1]}`, handler);
      app.use(onError);
    } else {
      const express = require('express');
      app = express();
      app[method.toLowerCase()](`/${path.split('/')[1]}/:id`, handler);
      app.use(onError);
    }
    const server = http.createServer(app);
    server.listen(0, '127.0.0.1', () => {
      const req = http.request({ port: server.address().port, host: '127.0.0.1', method, path }, (res) => {
        res.resume();
        res.on('end', () => {
          server.close();
          if (captured) reject(captured);
          else resolve();
        });
      });
      req.on('error', reject);
      req.end();
    });
  });
}

module.exports = { serveOnce };
