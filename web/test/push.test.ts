import { describe, expect, it } from 'vitest';
import { base64UrlToBytes, PushClient, type PushEnv, shouldOfferPush, subscriptionBody } from '../src/push';

const KEY = 'BEl62iUYgUivxIkv69yViEuiBIa-Ib9-SkvMeAtA3LFgDzkrxZJjSgSnfckjBJuBkr3qBUYIHBQFLXYp5Nksh8U';

/** A PushManager stand-in that keeps one subscription, as the browser does per service worker. */
function fakeBrowser(permission: NotificationPermission = 'default', answer: NotificationPermission = 'granted') {
  let sub: (PushSubscription & { gone?: boolean }) | null = null;
  const calls: string[] = [];
  const env: PushEnv & { calls: string[] } = {
    calls,
    permission: () => permission,
    requestPermission: async () => { calls.push('requestPermission'); permission = answer; return answer; },
    pushManager: async () => ({
      getSubscription: async () => sub,
      subscribe: async (opts?: PushSubscriptionOptionsInit) => {
        calls.push('subscribe');
        const key = opts!.applicationServerKey as Uint8Array;
        sub = {
          endpoint: 'https://push.example/ep1',
          options: { applicationServerKey: key.buffer.slice(0), userVisibleOnly: true },
          toJSON: () => ({ endpoint: 'https://push.example/ep1', keys: { p256dh: 'pk', auth: 'ak' } }),
          unsubscribe: async () => { calls.push('unsubscribe'); sub = null; return true; },
        } as unknown as PushSubscription;
        return sub;
      },
    }),
  };
  return env;
}

function fakeServer(offers = true) {
  const subs = new Map<string, unknown>();
  return {
    subs,
    vapidKey: async () => { if (!offers) throw new Error('404'); return { publicKey: KEY }; },
    addPushSubscription: async (s: { endpoint: string }) => { subs.set(s.endpoint, s); },
    removePushSubscription: async (endpoint: string) => { subs.delete(endpoint); },
  };
}

describe('web push', () => {
  it('turning it on asks permission, subscribes with the server key and registers the subscription', async () => {
    const env = fakeBrowser();
    const server = fakeServer();
    const push = new PushClient(server, env);
    expect(await push.state()).toBe('off');
    await push.enable();
    expect(env.calls).toEqual(['requestPermission', 'subscribe']);
    expect(server.subs.get('https://push.example/ep1')).toEqual({ endpoint: 'https://push.example/ep1', keys: { p256dh: 'pk', auth: 'ak' } });
    expect(await push.state()).toBe('on');
  });

  it('turning it off unsubscribes and tells the server to forget the endpoint', async () => {
    const env = fakeBrowser('granted');
    const server = fakeServer();
    const push = new PushClient(server, env);
    await push.enable();
    await push.disable();
    expect(env.calls).toContain('unsubscribe');
    expect(server.subs.size).toBe(0);
    expect(await push.state()).toBe('off');
  });

  it('a refused permission subscribes nothing and says how to allow it', async () => {
    const env = fakeBrowser('default', 'denied');
    const server = fakeServer();
    await expect(new PushClient(server, env).enable()).rejects.toThrow(/blocked/);
    expect(env.calls).not.toContain('subscribe');
    expect(server.subs.size).toBe(0);
    expect(await new PushClient(server, env).state()).toBe('denied');
  });

  it('a server without push is said plainly, before asking the user anything', async () => {
    const env = fakeBrowser();
    await expect(new PushClient(fakeServer(false), env).enable()).rejects.toThrow('This server does not offer notifications.');
    expect(env.calls).toEqual([]);
  });

  it('a browser without PushManager is unsupported', async () => {
    const env: PushEnv = { ...fakeBrowser(), pushManager: async () => null };
    expect(await new PushClient(fakeServer(), env).state()).toBe('unsupported');
  });

  it('the VAPID key is decoded from base64url to the 65-byte uncompressed point', () => {
    const bytes = base64UrlToBytes(KEY);
    expect(bytes.length).toBe(65);
    expect(bytes[0]).toBe(4);
  });

  it('an incomplete subscription is refused rather than sent', () => {
    expect(() => subscriptionBody({ endpoint: 'https://x' })).toThrow();
  });

  it('the offer comes only after a send, once, and only when it can work', () => {
    const ok = { sentAMessage: true, dismissed: false, state: 'off' as const, permission: 'default' as const, serverOffers: true };
    expect(shouldOfferPush(ok)).toBe(true);
    expect(shouldOfferPush({ ...ok, sentAMessage: false })).toBe(false);
    expect(shouldOfferPush({ ...ok, dismissed: true })).toBe(false);
    expect(shouldOfferPush({ ...ok, permission: 'denied' })).toBe(false);
    expect(shouldOfferPush({ ...ok, state: 'on' })).toBe(false);
    expect(shouldOfferPush({ ...ok, serverOffers: false })).toBe(false);
  });
});
