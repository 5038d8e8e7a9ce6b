import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import { bilingual, DomainError } from '@bianzhi/domain/errors';

/**
 * Where a subscription may send (docs/integration.md, "Receiving addresses"): http or https only,
 * no user name or password in the URL, and never this machine, a private or link-local network
 * (cloud metadata), or a multicast or reserved address — checked on the URL when it is registered
 * and again on every address the name resolves to when a delivery connects (the connection uses
 * the address that was checked, so a name cannot be re-pointed between check and connect). No
 * redirect is followed. `allowLocal` (LINKAGE_ALLOW_LOCAL_TARGETS) lifts the address rule, for
 * tests and for a closed intranet whose receivers have private addresses.
 */
const internal = new BlockList();
for (const [net, prefix] of [['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12], ['192.0.0.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['224.0.0.0', 4], ['240.0.0.0', 4]] as const) internal.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [['::', 128], ['::1', 128], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8], ['64:ff9b::', 96]] as const) internal.addSubnet(net, prefix, 'ipv6');

/** Whether an IP address is internal (an IPv4-mapped IPv6 address counts as its IPv4 address). */
export function isInternalAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return internal.check(mapped[1]!, 'ipv4');
  const family = isIP(address);
  if (family === 0) return true;
  return internal.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

const refused = (url: string, why: string) =>
  new DomainError('SUBSCRIPTION_URL_REFUSED', `subscription url refused: ${why}`, { url }, bilingual(`接收地址“${url}”不可用：${why === 'scheme' ? '须为 http 或 https 地址' : why === 'credentials' ? '地址中不得含用户名或密码' : '不得指向本机、内部网络或保留地址'}`, `The receiving address “${url}” is refused: ${why === 'scheme' ? 'it must be http or https' : why === 'credentials' ? 'it must not carry a user name or password' : 'it must not point at this machine, an internal network or a reserved address'}`));

/** Checks a URL as registered; returns it normalised. */
export function checkTargetUrl(raw: string, allowLocal: boolean): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw refused(raw, 'scheme');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw refused(raw, 'scheme');
  if (url.username || url.password) throw refused(raw, 'credentials');
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (!allowLocal && (host === 'localhost' || host.endsWith('.localhost') || (isIP(host) !== 0 && isInternalAddress(host)))) throw refused(raw, 'address');
  return url.toString();
}

/** A DNS lookup that answers only addresses allowed as targets. */
function guardedLookup(allowLocal: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, '', 0);
      const allowed = allowLocal ? addresses : addresses.filter((a) => !isInternalAddress(a.address));
      if (allowed.length === 0 || allowed.length !== addresses.length) return callback(Object.assign(new Error(`${hostname} resolves to an internal address`), { code: 'EADDRINTERNAL' }), '', 0);
      if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, allowed);
      return callback(null, allowed[0]!.address, allowed[0]!.family);
    });
  };
}

export interface PostResult {
  statusCode: number | null;
  error: string | null;
  durationMs: number;
}

/** POSTs a body; answers the status code, or the error when there was no answer. Never throws. */
export function postTo(url: string, headers: Record<string, string>, body: string, options: { allowLocal: boolean; timeoutMs: number }): Promise<PostResult> {
  const started = performance.now();
  const done = (statusCode: number | null, error: string | null): PostResult => ({ statusCode, error, durationMs: Math.round(performance.now() - started) });
  return new Promise((resolve) => {
    let target: URL;
    try {
      target = new URL(checkTargetUrl(url, options.allowLocal));
    } catch (error) {
      resolve(done(null, error instanceof Error ? error.message : String(error)));
      return;
    }
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(target, { method: 'POST', headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) }, lookup: guardedLookup(options.allowLocal), timeout: options.timeoutMs }, (res) => {
      res.resume();
      res.on('end', () => resolve(done(res.statusCode ?? null, null)));
      res.on('error', (error) => resolve(done(res.statusCode ?? null, error.message)));
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${options.timeoutMs} ms`)));
    req.on('error', (error) => resolve(done(null, error.message.slice(0, 500))));
    req.end(body);
  });
}
