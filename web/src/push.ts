// Web Push on the client: the VAPID key from the server, a PushManager subscription through the service
// worker, the subscription sent to the server; and turning it off again. The browser parts are passed in,
// so the logic runs in unit tests with stand-ins.

export interface PushApi {
  vapidKey(): Promise<{ publicKey: string }>;
  addPushSubscription(sub: { endpoint: string; keys: { p256dh: string; auth: string } }): Promise<unknown>;
  removePushSubscription(endpoint: string): Promise<unknown>;
}

/** The slice of the browser Web Push needs. */
export interface PushEnv {
  permission(): NotificationPermission;
  requestPermission(): Promise<NotificationPermission>;
  /** The service worker's PushManager; null when the browser has none. */
  pushManager(): Promise<Pick<PushManager, 'getSubscription' | 'subscribe'> | null>;
}

export type PushState = 'unsupported' | 'denied' | 'off' | 'on';

/** A base64url string (the VAPID public key) as bytes for applicationServerKey. */
export function base64UrlToBytes(s: string): Uint8Array<ArrayBuffer> {
  const b64 = s.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (s.length % 4)) % 4);
  const raw = atob(b64);
  const out = new Uint8Array(new ArrayBuffer(raw.length));
  for (let i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i);
  return out;
}

/** The body of POST /api/v1/push/subscriptions from a PushSubscription's JSON. */
export function subscriptionBody(json: PushSubscriptionJSON): { endpoint: string; keys: { p256dh: string; auth: string } } {
  if (!json.endpoint || !json.keys?.p256dh || !json.keys?.auth) throw new Error('The browser gave an incomplete push subscription');
  return { endpoint: json.endpoint, keys: { p256dh: json.keys.p256dh, auth: json.keys.auth } };
}

export class PushClient {
  constructor(private readonly api: PushApi, private readonly env: PushEnv) {}

  async state(): Promise<PushState> {
    const pm = await this.env.pushManager();
    if (!pm) return 'unsupported';
    if (this.env.permission() === 'denied') return 'denied';
    return (await pm.getSubscription()) && this.env.permission() === 'granted' ? 'on' : 'off';
  }

  /**
   * Asks for permission (only when called, i.e. on the user's gesture), subscribes with the server's key and
   * registers the subscription. Throws with a message for the user when any step is refused.
   */
  async enable(): Promise<void> {
    const pm = await this.env.pushManager();
    if (!pm) throw new Error('This browser cannot receive push notifications.');
    let key: string;
    try {
      key = (await this.api.vapidKey()).publicKey;
    } catch {
      throw new Error('This server does not offer notifications.');
    }
    const permission = this.env.permission() === 'granted' ? 'granted' : await this.env.requestPermission();
    if (permission !== 'granted') throw new Error('Notifications are blocked for this site; allow them in the browser settings.');
    let sub = await pm.getSubscription();
    const wanted = base64UrlToBytes(key);
    if (sub && !sameKey(sub.options?.applicationServerKey ?? null, wanted)) {
      await sub.unsubscribe();
      sub = null;
    }
    try {
      sub ??= await pm.subscribe({ userVisibleOnly: true, applicationServerKey: wanted });
    } catch (e) {
      throw new Error('The browser could not subscribe to push (' + ((e as Error).message || String(e)) + ').');
    }
    await this.api.addPushSubscription(subscriptionBody(sub.toJSON()));
  }

  /** Unsubscribes this browser and tells the server to forget the endpoint. */
  async disable(): Promise<void> {
    const pm = await this.env.pushManager();
    const sub = pm ? await pm.getSubscription() : null;
    if (!sub) return;
    const endpoint = sub.endpoint;
    await sub.unsubscribe();
    await this.api.removePushSubscription(endpoint);
  }
}

function sameKey(a: ArrayBuffer | null, b: Uint8Array): boolean {
  if (!a) return false;
  const x = new Uint8Array(a);
  return x.length === b.length && x.every((v, i) => v === b[i]);
}

/** The real browser: Notification and the service worker registration's PushManager. */
export const browserPush: PushEnv = {
  permission: () => (typeof Notification === 'undefined' ? 'denied' : Notification.permission),
  requestPermission: () => Notification.requestPermission(),
  async pushManager() {
    if (typeof navigator === 'undefined' || !('serviceWorker' in navigator) || typeof PushManager === 'undefined') return null;
    const reg = await navigator.serviceWorker.ready;
    return reg.pushManager ?? null;
  },
};

/**
 * Whether to offer notifications in a banner: not on load, only after the user has sent a message here, never
 * again once dismissed or decided (granted or blocked), and only when the browser and the server can do it.
 */
export function shouldOfferPush(o: { sentAMessage: boolean; dismissed: boolean; state: PushState | null; permission: NotificationPermission; serverOffers: boolean }): boolean {
  return o.sentAMessage && !o.dismissed && o.state === 'off' && o.permission === 'default' && o.serverOffers;
}
