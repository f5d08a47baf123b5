/** The floor for HTTP: node:http answering every POST with a 401 JSON body, as a refusal would. */
import { createServer } from 'node:http';

const body = JSON.stringify({ error: { code: 'TOKEN_MISSING', message: 'No token was sent, and this widget requires one.', hint: '' } });
const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.statusCode = 401;
    res.setHeader('content-type', 'application/json');
    res.setHeader('access-control-allow-origin', '*');
    res.end(body);
  });
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`${typeof address === 'object' && address ? address.port : 0}\n`);
});
