import { describe, expect, it } from 'vitest';
import { parseResponse } from './common.js';

const bytes = (text: string) => Buffer.from(text, 'latin1');

describe("the load generator's HTTP/1.1 response reader", () => {
  it('reads a response with a content length, and leaves what follows it', () => {
    const response = 'HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nContent-Length: 7\r\n\r\n{"a":1}';
    const parsed = parseResponse(bytes(`${response}HTTP/1.1`));
    expect(parsed).toMatchObject({ status: 200, length: response.length });
    expect(parsed!.body.toString()).toBe('{"a":1}');
  });

  it('joins the chunks of a chunked response', () => {
    const parsed = parseResponse(bytes('HTTP/1.1 400 Bad Request\r\ntransfer-encoding: chunked\r\n\r\n4\r\n{"a"\r\nb\r\n:"0123456"}\r\n0\r\n\r\n'));
    expect(parsed!.status).toBe(400);
    expect(JSON.parse(parsed!.body.toString())).toEqual({ a: '0123456' });
  });

  it('waits while any part of the response is still to come', () => {
    const whole = 'HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n';
    for (let cut = 0; cut < whole.length; cut++) expect(parseResponse(bytes(whole.slice(0, cut)))).toBeNull();
    expect(parseResponse(bytes(whole))!.length).toBe(whole.length);
    expect(parseResponse(bytes('HTTP/1.1 200 OK\r\ncontent-length: 10\r\n\r\n{"a":'))).toBeNull();
  });
});
