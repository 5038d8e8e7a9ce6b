import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signatureOf } from './secret-box.js';
import { checkTargetUrl, isInternalAddress } from './target.js';

describe('receiving addresses', () => {
  it('treats loopback, private, link-local, mapped and reserved addresses as internal', () => {
    for (const address of ['127.0.0.1', '10.0.0.8', '172.20.1.1', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '::1', '::', 'fd00::1', 'fe80::1', '::ffff:127.0.0.1', '::ffff:10.0.0.1', 'not-an-ip']) {
      expect(isInternalAddress(address), address).toBe(true);
    }
    for (const address of ['202.96.209.133', '8.8.8.8', '2400:3200::1', '::ffff:202.96.209.133']) expect(isInternalAddress(address), address).toBe(false);
  });

  it('refuses other schemes, credentials and internal hosts unless local targets are allowed', () => {
    expect(checkTargetUrl('https://payroll.example.cn/hooks', false)).toBe('https://payroll.example.cn/hooks');
    for (const url of ['file:///etc/passwd', 'gopher://x', 'https://a:b@payroll.example.cn/', 'http://localhost:3000/', 'http://api.localhost/', 'http://[::1]/', 'http://127.1/', 'http://2130706433/']) {
      expect(() => checkTargetUrl(url, false), url).toThrow(expect.objectContaining({ code: 'SUBSCRIPTION_URL_REFUSED' }));
    }
    expect(checkTargetUrl('http://127.0.0.1:4000/x', true)).toBe('http://127.0.0.1:4000/x');
  });

  it('signs timestamp "." body with HMAC-SHA256 under the secret', () => {
    const expected = createHmac('sha256', 'whsec_test').update('1765000000.{"a":1}').digest('hex');
    expect(signatureOf('whsec_test', 1765000000, '{"a":1}')).toBe(`v1=${expected}`);
  });
});
