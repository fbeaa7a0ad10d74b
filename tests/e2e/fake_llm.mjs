// A local stand-in for an OpenAI-compatible chat-completions endpoint, for tests only: the real
// one (a hosted API, llama.cpp, vLLM, Ollama) cannot run here. It speaks the documented wire
// format (OpenAI API reference, "Create chat completion"): POST {base}/chat/completions with
// {"model", "messages": [{"role", "content"}], ...}; the answer is
// {"id", "object": "chat.completion", "created", "model",
//  "choices": [{"index": 0, "message": {"role": "assistant", "content"}, "finish_reason"}],
//  "usage": {...}}; errors are {"error": {"message", "type", "code"}} with an HTTP status.

import { createServer } from 'node:http';

/// A completed chat-completion answer carrying `content`.
export function completion(model, content) {
  return {
    status: 200,
    body: {
      id: 'chatcmpl-plaza-test',
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model,
      choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 300, completion_tokens: 40, total_tokens: 340 },
    },
  };
}

/// An error answer as the API sends them.
export function apiError(status, message) {
  return { status, body: { error: { message, type: 'server_error', code: null } } };
}

/// Starts the fake on 127.0.0.1, port 0. `respond(request, index)` returns (or resolves to)
/// {status, body} where body is an object (sent as JSON) or a string (sent as is). Resolves with
/// {url (the API root, ".../v1"), requests (parsed bodies), arrived (a promise of the first
/// request), close()}.
export function startFakeLlm(respond) {
  const requests = [];
  let signal;
  const arrived = new Promise((r) => {
    signal = r;
  });
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', async () => {
      if (req.method !== 'POST' || req.url !== '/v1/chat/completions') {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end(JSON.stringify(apiError(404, 'not found').body));
        return;
      }
      let parsed = null;
      try {
        parsed = JSON.parse(body);
      } catch {
        parsed = { unparsable: body };
      }
      requests.push(parsed);
      signal();
      const answer = await respond(parsed, requests.length - 1);
      res.writeHead(answer.status, { 'content-type': 'application/json' });
      res.end(typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body));
    });
  });
  return new Promise((resolveStart) => {
    server.listen(0, '127.0.0.1', () => {
      resolveStart({
        url: `http://127.0.0.1:${server.address().port}/v1`,
        requests,
        arrived,
        close: () =>
          new Promise((r) => {
            server.closeAllConnections?.();
            server.close(r);
          }),
      });
    });
  });
}
