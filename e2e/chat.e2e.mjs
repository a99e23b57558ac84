// Browser end-to-end test: the packaged server jar (embedded defaults, fresh data dir) and two users in
// two Chromium contexts. Sign in, start a chat, talk in real time, ticks to blue; then one user reads
// privately and the other sees no blue ticks until "mark read up to here".
// Env: CLOAK_JAR (server jar), JAVA_BIN, E2E_OUT (screenshots, server log), CHROMIUM (default /usr/bin/chromium).
import { spawn } from 'node:child_process';
import { createHmac, generateKeyPairSync, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { createRequire } from 'node:module';
import { crc32, deflateSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const require = createRequire(new URL('../web/package.json', import.meta.url));
const { chromium } = require('playwright-core');

const JAR = process.env.CLOAK_JAR ?? new URL('../server/target/cloak-server.jar', import.meta.url).pathname;
const JAVA = process.env.JAVA_BIN ?? 'java';
const OUT = process.env.E2E_OUT ?? new URL('./target', import.meta.url).pathname;
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const TIMEOUT = 15_000;

const results = [];
/** Pages to photograph when a check fails. */
const shots = [];
let server;
let browser;
const dataDir = mkdtempSync(join(tmpdir(), 'cloak-e2e-'));

function step(name) {
  console.log(`[e2e] ${name}`);
}

/** A local SMS gateway stand-in for the server's http OTP sender: keeps the last code per phone. */
function smsStandIn() {
  const codes = new Map();
  const waiters = [];
  const srv = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const { to, text } = JSON.parse(body);
      codes.set(to, /(\d{6})/.exec(text)[1]);
      waiters.splice(0).forEach((w) => w());
      res.writeHead(200).end('{}');
    });
  });
  return new Promise((resolve) => srv.listen(0, '127.0.0.1', () => resolve({
    url: `http://127.0.0.1:${srv.address().port}/sms`,
    close: () => srv.close(),
    async codeFor(phone, after) {
      const deadline = Date.now() + TIMEOUT;
      while (codes.get(phone) === after || !codes.has(phone)) {
        if (Date.now() > deadline) throw new Error('no OTP for ' + phone);
        await new Promise((r) => { waiters.push(r); setTimeout(r, 200); });
      }
      return codes.get(phone);
    },
  })));
}

function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)); });
  });
}

async function startServer(sms) {
  const port = await freePort();
  mkdirSync(OUT, { recursive: true });
  const log = createWriteStream(join(OUT, 'e2e-server.log'));
  server = spawn(JAVA, ['--enable-native-access=ALL-UNNAMED', '-Xmx512m', '-jar', JAR], {
    env: { ...process.env, SERVER_PORT: String(port), CLOAK_DATA_DIR: dataDir, CLOAK_OTP_SENDER: 'http',
      CLOAK_OTP_HTTP_URL: sms.url, CLOAK_DATABASE_URL: '', CLOAK_NATS_URL: '',
      // The long-history step seeds 1,200 messages from one user within a minute (default limit 600/min).
      CLOAK_MESSAGING_SENDS_PER_MINUTE: '5000',
      // A small image limit, so the "too large" (413) step uploads 1.2 MB rather than 17.
      CLOAK_MEDIA_MAX_IMAGE_BYTES: '1048576' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  server.stdout.pipe(log);
  server.stderr.pipe(log);
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error('server exited with ' + server.exitCode + '; see ' + join(OUT, 'e2e-server.log'));
    try {
      const r = await fetch(base + '/actuator/health');
      if (r.ok) return base;
    } catch { /* not yet */ }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error('server not healthy within 120 s');
}

async function signIn(page, base, sms, phone, name) {
  await page.goto(base + '/');
  await page.getByLabel('Phone number').fill(phone);
  await page.getByRole('button', { name: 'Send code' }).click();
  await page.getByText('server log').waitFor();
  await page.getByLabel('Code').fill(await sms.codeFor(phone));
  await page.getByRole('button', { name: 'Verify' }).click();
  await page.getByLabel('Your name').fill(name);
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByRole('button', { name: 'New chat' }).waitFor();
  await page.getByRole('status').filter({ hasText: 'online' }).waitFor();
}

/** The chat list entry whose name is exactly this (a group's preview may mention the same person). */
const chatItem = (page, name) => page.locator('button.chatitem').filter({ has: page.locator('strong.name', { hasText: new RegExp('^' + name + '$') }) });

/** A PNG of w × h pixels in a gradient (drawn here, so no binary fixture). */
function pngImage(w, h) {
  const chunk = (type, data) => {
    const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type), data]);
    const crc = Buffer.alloc(4); crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0); ihdr.writeUInt32BE(h, 4); ihdr[8] = 8; ihdr[9] = 2;
  const rows = [];
  for (let y = 0; y < h; y++) {
    const row = Buffer.alloc(1 + w * 3);
    for (let x = 0; x < w; x++) row.set([11 + (x * 2) % 200, 110 + y, 79 + x], 1 + x * 3);
    rows.push(row);
  }
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(Buffer.concat(rows))), chunk('IEND', Buffer.alloc(0))]);
}

/** The tick state of our own message with this text ('clock', 'sent', 'delivered', 'read'). */
const tickOf = (page, text) => page.locator('li.msg.mine', { hasText: text }).locator('[data-tick]').getAttribute('data-tick');

async function waitTick(page, text, want) {
  try {
    await page.locator('li.msg.mine', { hasText: text }).locator(`[data-tick="${want}"]`).waitFor({ timeout: TIMEOUT });
  } catch (e) {
    const seen = await page.locator('li.msg.mine', { hasText: text }).locator('[data-tick]').evaluateAll((els) => els.map((el) => el.dataset.tick)).catch(() => '?');
    throw new Error(`"${text}": wanted tick ${want}, the page shows ${JSON.stringify(seen)}`, { cause: e });
  }
}

async function check(name, f) {
  const started = Date.now();
  try {
    await f();
    results.push({ name, ok: true });
    console.log(`[e2e] PASS ${name} (${Date.now() - started} ms)`);
  } catch (e) {
    results.push({ name, ok: false });
    console.error(`[e2e] FAIL ${name}: ${e.stack ?? e}`);
    for (const [i, p] of shots.entries()) await p.screenshot({ path: join(OUT, `failed-${i}.png`) }).catch(() => {});
    throw e;
  }
}

/**
 * The push endpoints as the page sees them: the server's own when it has them; where it answers 404 (not built
 * on this branch yet), a stand-in for just those three calls, routed in this page, speaking the same contract.
 * Either way, what the page sent is observed on the wire.
 */
async function pushBackend(page) {
  const state = { real: null };
  const posted = [];
  const deleted = [];
  const waiters = [];
  const wake = () => waiters.splice(0).forEach((w) => w());
  const until = async (list) => { while (!list.length) await new Promise((r) => waiters.push(r)); return list.shift(); };
  const jwk = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).publicKey.export({ format: 'jwk' });
  const publicKey = Buffer.concat([Buffer.from([4]), Buffer.from(jwk.x, 'base64url'), Buffer.from(jwk.y, 'base64url')]).toString('base64url');
  await page.route('**/api/v1/push/**', async (route) => {
    const res = await route.fetch();
    const isKey = route.request().url().endsWith('/vapid-public-key');
    if (isKey && state.real === null) state.real = res.status() !== 404;
    if (state.real !== false) return route.fulfill({ response: res });
    if (isKey) return route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ publicKey }) });
    return route.fulfill({ status: route.request().method() === 'POST' ? 201 : 204 });
  });
  page.on('request', (req) => {
    if (!req.url().endsWith('/api/v1/push/subscriptions')) return;
    (req.method() === 'POST' ? posted : deleted).push(JSON.parse(req.postData() ?? '{}'));
    wake();
  });
  return { get real() { return state.real; }, registered: () => until(posted), removed: () => until(deleted) };
}

async function main() {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: install Debian's chromium (apt-get install -y chromium), or skip with -Dskip.e2e=true`);
  if (!existsSync(JAR)) throw new Error(`${JAR} not found: package the server first`);
  const sms = await smsStandIn();
  step('starting the packaged server');
  const base = await startServer(sms);
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', '--disable-quic',
      // A fake microphone (a tone) that needs no prompt: voice notes record in headless Chromium.
      '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream'],
  });
  const alice = await (await browser.newContext({ viewport: { width: 1100, height: 760 } })).newPage();
  const bob = await (await browser.newContext({ viewport: { width: 1100, height: 760 } })).newPage();
  for (const p of [alice, bob]) p.setDefaultTimeout(TIMEOUT);
  shots.push(alice, bob);
  const stamp = String(Date.now() % 10_000_000).padStart(7, '0');
  const alicePhone = '+1555' + stamp;
  const bobPhone = '+1556' + stamp;
  const push = await pushBackend(alice);

  await check('two users sign in with phone and code', async () => {
    await signIn(alice, base, sms, alicePhone, 'Alice');
    await signIn(bob, base, sms, bobPhone, 'Bob');
  });

  await check('a direct chat by phone number; a message arrives in real time and its ticks turn blue when read', async () => {
    await alice.getByRole('button', { name: 'New chat' }).click();
    await alice.getByLabel('Phone number of the person').fill(bobPhone);
    await alice.getByRole('button', { name: 'Start chat' }).click();
    await alice.getByRole('heading', { name: 'Bob' }).waitFor();
    await alice.getByLabel('Message', { exact: true }).fill('Hello Bob');
    await alice.getByRole('button', { name: 'Send' }).click();
    // Bob is online but has not opened the chat: delivered, not read.
    await waitTick(alice, 'Hello Bob', 'delivered');
    const item = bob.locator('button.chatitem', { hasText: 'Alice' });
    await item.filter({ hasText: 'Hello Bob' }).waitFor();
    await item.getByLabel('1 unread').waitFor();
    await item.click();
    await bob.locator('li.msg.theirs', { hasText: 'Hello Bob' }).waitFor();
    await waitTick(alice, 'Hello Bob', 'read');
  });

  await check('after the first sent message (not on load) a dismissible banner offers notifications, once', async () => {
    await alice.getByRole('region', { name: 'Notifications' }).getByText('Get a notification').waitFor();
    await alice.getByRole('region', { name: 'Notifications' }).getByRole('button', { name: 'Not now' }).click();
    await alice.getByRole('region', { name: 'Notifications' }).waitFor({ state: 'detached' });
    if (await bob.getByRole('region', { name: 'Notifications' }).count()) throw new Error('Bob, who has sent nothing, was offered notifications');
  });

  await check('typing shows in the other header, and a reply comes back live', async () => {
    await bob.getByLabel('Message', { exact: true }).pressSequentially('Hi Al', { delay: 30 });
    await alice.locator('.chathead .status', { hasText: 'typing…' }).waitFor();
    await bob.getByLabel('Message', { exact: true }).fill('Hi Alice');
    await bob.getByLabel('Message', { exact: true }).press('Enter');
    await alice.locator('li.msg.theirs', { hasText: 'Hi Alice' }).waitFor();
    await waitTick(bob, 'Hi Alice', 'read');
    await alice.screenshot({ path: join(OUT, 'chat-alice.png') });
  });

  await check('with cloak on, reading sends no blue ticks until "mark read up to here"', async () => {
    await bob.getByLabel('Read privately').check();
    await bob.locator('.otherssee', { hasText: 'Cloak is on' }).waitFor();
    // From here on, record whether Alice's page ever shows the secret as read.
    await alice.evaluate(() => {
      window.__sawRead = false;
      setInterval(() => {
        for (const li of document.querySelectorAll('li.msg.mine')) {
          if (li.textContent.includes('Secret plan') && li.querySelector('[data-tick="read"]')) window.__sawRead = true;
        }
      }, 25);
    });
    await alice.getByLabel('Message', { exact: true }).fill('Secret plan');
    await alice.getByRole('button', { name: 'Send' }).click();
    const secret = bob.locator('li.msg.theirs', { hasText: 'Secret plan' });
    await secret.waitFor(); // Bob has the chat open: he reads it, privately.
    await secret.getByText('seen privately').waitFor();
    // While cloaked even "delivered" stays private (server: delivered is withheld while cloaked): one grey tick.
    await waitTick(alice, 'Secret plan', 'sent');
    await new Promise((r) => setTimeout(r, 2500));
    if ((await tickOf(alice, 'Secret plan')) !== 'sent') throw new Error('cloaked read leaked: ' + (await tickOf(alice, 'Secret plan')));
    if (await alice.evaluate(() => window.__sawRead)) throw new Error('Alice saw a blue tick before the reveal');
    await bob.screenshot({ path: join(OUT, 'chat-bob-cloaked.png') });
    await secret.getByRole('button', { name: 'Message actions' }).click();
    await bob.getByRole('menuitem', { name: 'Mark read up to here' }).click();
    await waitTick(alice, 'Secret plan', 'read');
  });

  await check('a scheduled reveal: daily at an hour, then edited to a delay, then cancelled', async () => {
    await bob.getByRole('button', { name: 'Schedule reveal…' }).click();
    const panel = bob.locator('.revealsched');
    await panel.getByText('None pending for this chat.').waitFor();
    await panel.getByLabel('Daily at an hour').check();
    await panel.getByLabel(/Hour of the day/).fill('7');
    await panel.getByRole('button', { name: 'Schedule reveal', exact: true }).click();
    await panel.locator('.pending li', { hasText: 'daily at 07:00' }).waitFor();
    await panel.getByRole('button', { name: /^Edit: / }).click();
    await panel.getByLabel('After a delay').check();
    await panel.getByLabel('Delay in minutes').fill('120');
    await panel.getByRole('button', { name: 'Save changes' }).click();
    await panel.getByText('Reveal changed.').waitFor();
    await panel.locator('.pending li', { hasText: 'daily' }).waitFor({ state: 'detached' });
    await panel.locator('.pending li').first().waitFor();
    await bob.screenshot({ path: join(OUT, 'chat-bob-reveal-scheduled.png') });
    await panel.getByRole('button', { name: /^Cancel: / }).click();
    await panel.getByText('None pending for this chat.').waitFor();
  });

  await check('the reveal is in the audit log', async () => {
    await bob.getByRole('button', { name: 'Settings' }).click();
    await bob.locator('table.audit').getByText('reveal').first().waitFor();
    await bob.screenshot({ path: join(OUT, 'settings-bob.png') });
  });

  await check('search finds the message with the hit highlighted', async () => {
    await alice.getByRole('button', { name: 'Search' }).first().click();
    await alice.getByLabel('Search all chats').fill('secret');
    await alice.getByRole('search').getByRole('button', { name: 'Search' }).click();
    await alice.locator('.hits mark', { hasText: /secret/i }).waitFor();
  });

  await check('a group: roles, remove and add a member, a member leaves; pin, mute and archive with an Archived section', async () => {
    await alice.getByRole('button', { name: 'Chats' }).click();
    await alice.getByRole('button', { name: 'New group' }).click();
    await alice.getByLabel('Group name').fill('Trip');
    await alice.getByLabel(/Phone numbers of the members/).fill(bobPhone);
    await alice.getByRole('button', { name: 'Create group' }).click();
    await alice.getByRole('heading', { name: 'Trip' }).waitFor();
    await alice.getByRole('button', { name: 'Group info' }).click();
    const info = alice.locator('.groupinfo');
    await info.locator('li', { hasText: 'You' }).getByText('Owner').waitFor();
    await info.getByRole('button', { name: 'Make Bob an admin' }).click();
    await info.locator('li', { hasText: 'Bob' }).getByText('Admin', { exact: true }).waitFor();
    await info.getByRole('button', { name: 'Dismiss Bob as admin' }).click();
    await info.getByRole('button', { name: 'Make Bob an admin' }).waitFor();
    await info.getByRole('button', { name: 'Remove Bob' }).click();
    await info.getByText('Bob was removed.').waitFor();
    await info.getByText('Group info · 1 members').waitFor();
    await info.getByLabel(/Add members by phone number/).fill(bobPhone);
    await info.getByRole('button', { name: 'Add', exact: true }).click();
    await info.getByText('Group info · 2 members').waitFor();
    await alice.screenshot({ path: join(OUT, 'group-info-alice.png') });

    // Pin, mute, archive (per user): the list shows flags and an Archived section.
    const trip = alice.locator('button.chatitem', { hasText: 'Trip' });
    await alice.getByRole('button', { name: 'Pin', exact: true }).click();
    await trip.getByRole('img', { name: 'pinned' }).waitFor();
    await alice.getByRole('button', { name: 'Mute', exact: true }).click();
    await trip.getByRole('img', { name: 'muted' }).waitFor();
    await alice.getByRole('button', { name: 'Archive', exact: true }).click();
    await alice.getByRole('button', { name: 'Archived (1)' }).click();
    await alice.getByRole('list', { name: 'Archived chats' }).locator('button.chatitem', { hasText: 'Trip' }).waitFor();
    if (await alice.getByRole('list', { name: 'Chats', exact: true }).locator('button.chatitem', { hasText: 'Trip' }).count()) throw new Error('archived chat still in the main list');
    await alice.getByRole('button', { name: 'Unarchive' }).click();
    await alice.getByRole('list', { name: 'Chats', exact: true }).locator('button.chatitem', { hasText: 'Trip' }).waitFor();
    await alice.getByRole('button', { name: 'Unmute' }).click();
    await trip.getByRole('img', { name: 'muted' }).waitFor({ state: 'detached' });

    // Bob (a plain member) sees no management buttons, and leaves.
    await bob.getByRole('button', { name: 'Chats' }).click();
    await bob.locator('button.chatitem', { hasText: 'Trip' }).click();
    await bob.getByRole('button', { name: 'Group info' }).click();
    await bob.locator('.groupinfo').getByText('Owner').waitFor();
    if (await bob.locator('.groupinfo').getByRole('button', { name: /^Remove|^Make/ }).count()) throw new Error('a member was offered management');
    bob.once('dialog', (d) => d.accept());
    await bob.getByRole('button', { name: 'Leave group' }).click();
    await bob.locator('button.chatitem', { hasText: 'Trip' }).waitFor({ state: 'detached' });
    await alice.locator('.groupinfo').getByText('Group info · 1 members').waitFor();
    await bob.locator('button.chatitem', { hasText: 'Alice' }).click();
  });

  await check('star a message, find it under Starred, forward it into the group', async () => {
    await alice.locator('button.chatitem', { hasText: 'Bob' }).click();
    const secret = alice.locator('li.msg', { hasText: 'Secret plan' }).first();
    await secret.getByRole('button', { name: 'Message actions' }).click();
    await alice.getByRole('menuitem', { name: 'Star', exact: true }).click();
    await secret.getByRole('img', { name: 'starred' }).waitFor();
    await alice.getByRole('button', { name: 'Starred' }).click();
    await alice.locator('.starred li', { hasText: 'Secret plan' }).waitFor();
    await alice.getByRole('button', { name: 'Chats' }).click();
    await secret.getByRole('button', { name: 'Message actions' }).click();
    await alice.getByRole('menuitem', { name: 'Forward…' }).click();
    await alice.getByRole('dialog', { name: 'Forward to' }).getByRole('button', { name: 'Trip' }).click();
    await alice.getByText('Forwarded to Trip.').waitFor();
    await alice.locator('button.chatitem', { hasText: 'Trip' }).click();
    await alice.locator('li.msg', { hasText: 'Secret plan' }).getByText('Forwarded').waitFor();
  });

  await check('delete for me on one device takes the message off the same user\'s other open device too', async () => {
    const second = await browser.newContext({ viewport: { width: 1100, height: 760 } });
    try {
      const laptop = await second.newPage();
      laptop.setDefaultTimeout(TIMEOUT);
      await laptop.goto(base + '/');
      await laptop.getByLabel('Phone number').fill(alicePhone);
      await laptop.getByRole('button', { name: 'Send code' }).click();
      await laptop.getByText('server log').waitFor();
      await laptop.getByLabel('Code').fill(await sms.codeFor(alicePhone));
      await laptop.getByRole('button', { name: 'Verify' }).click();   // Alice has a name already: no name step
      await laptop.getByRole('status').filter({ hasText: 'online' }).waitFor();
      await alice.getByRole('button', { name: 'Chats' }).click();
      await chatItem(alice, 'Bob').click();
      await chatItem(laptop, 'Bob').click();
      await chatItem(bob, 'Alice').click();
      await bob.getByLabel('Message', { exact: true }).fill('Only for a moment');
      await bob.getByRole('button', { name: 'Send' }).click();
      const onPhone = alice.locator('li.msg', { hasText: 'Only for a moment' });
      const onLaptop = laptop.locator('li.msg', { hasText: 'Only for a moment' });
      await onPhone.waitFor();
      await onLaptop.waitFor();
      await onPhone.getByRole('button', { name: 'Message actions' }).click();
      await alice.getByRole('menuitem', { name: 'Delete for me' }).click();
      await onPhone.waitFor({ state: 'detached' });
      await onLaptop.waitFor({ state: 'detached' });
      await bob.locator('li.msg', { hasText: 'Only for a moment' }).waitFor();   // Bob keeps it
    } finally {
      await second.close();
    }
  });

  await check('installable, and offline: a reload still shows cached chats and messages; a send queued offline is delivered once', async () => {
    const manifest = await alice.evaluate(async () => (await fetch(document.querySelector('link[rel=manifest]').href)).json());
    if (manifest.name !== 'Cloak' || !manifest.icons.some((i) => i.sizes === '512x512')) throw new Error('bad manifest ' + JSON.stringify(manifest));
    const png = await alice.evaluate(async () => (await fetch('/icon-192.png')).headers.get('content-type'));
    if (!String(png).startsWith('image/png')) throw new Error('icon-192.png is ' + png);
    await alice.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    await alice.getByRole('button', { name: 'Chats' }).click();
    await alice.locator('button.chatitem', { hasText: 'Bob' }).click();
    await alice.locator('li.msg', { hasText: 'Secret plan' }).waitFor();
    await new Promise((r) => setTimeout(r, 800)); // the cache write is debounced
    const ctx = alice.context();
    await ctx.setOffline(true);
    await alice.reload();
    await alice.locator('.conn.down').waitFor();
    await alice.locator('button.chatitem', { hasText: 'Bob' }).click();
    await alice.locator('li.msg', { hasText: 'Secret plan' }).waitFor();
    await alice.getByLabel('Message', { exact: true }).fill('Sent while offline');
    await alice.getByRole('button', { name: 'Send' }).click();
    await waitTick(alice, 'Sent while offline', 'clock');
    // Still queued after another offline reload (IndexedDB), then sent once the connection is back.
    await alice.reload();
    await alice.locator('button.chatitem', { hasText: 'Bob' }).click();
    await waitTick(alice, 'Sent while offline', 'clock');
    await ctx.setOffline(false);
    await bob.getByRole('button', { name: 'Chats' }).click();
    await bob.locator('li.msg.theirs', { hasText: 'Sent while offline' }).waitFor();
    await alice.locator('li.msg.mine', { hasText: 'Sent while offline' }).locator('[data-tick]:not([data-tick="clock"])').waitFor();
    await new Promise((r) => setTimeout(r, 1500));
    const seen = await bob.locator('li.msg.theirs', { hasText: 'Sent while offline' }).count();
    const mine = await alice.locator('li.msg.mine', { hasText: 'Sent while offline' }).count();
    if (seen !== 1 || mine !== 1) throw new Error(`expected once, Bob sees ${seen}, Alice ${mine}`);
    // A reload online does not send it again.
    await alice.reload();
    await alice.getByRole('status').filter({ hasText: 'online' }).waitFor();
    await new Promise((r) => setTimeout(r, 1500));
    if (await bob.locator('li.msg.theirs', { hasText: 'Sent while offline' }).count() !== 1) throw new Error('re-sent after reload');
  });

  await check('keyboard: arrow keys move through the chat list (one Tab stop); a message menu opens, arrows move, Escape closes and focus returns', async () => {
    await alice.getByRole('button', { name: 'Chats' }).click();
    const items = alice.locator('button.chatitem');
    if ((await items.count()) < 2) throw new Error('need two chats');
    const tabbable = await items.evaluateAll((els) => els.filter((e) => e.tabIndex === 0).length);
    if (tabbable !== 1) throw new Error(`${tabbable} chat items are Tab stops, want 1`);
    await items.first().focus();
    await alice.keyboard.press('ArrowDown');
    const second = await items.nth(1).evaluate((e) => e === document.activeElement);
    if (!second) throw new Error('ArrowDown did not move focus to the second chat');
    await alice.keyboard.press('End');
    if (!(await items.last().evaluate((e) => e === document.activeElement))) throw new Error('End did not reach the last chat');
    await alice.keyboard.press('Home');
    await alice.keyboard.press('Enter');
    await alice.locator('.chatview h2').waitFor();
    const more = alice.locator('li.msg').last().getByRole('button', { name: 'Message actions' });
    await more.focus();
    await alice.keyboard.press('Enter');
    const menu = alice.getByRole('menu', { name: 'Message actions' });
    await menu.waitFor();
    const focusedName = () => alice.evaluate(() => document.activeElement?.getAttribute('aria-label') || document.activeElement?.textContent);
    if ((await focusedName()) !== 'Reply') throw new Error('menu opened with focus on ' + (await focusedName()));
    await alice.keyboard.press('ArrowDown');
    if ((await focusedName()) !== 'React 👍') throw new Error('ArrowDown went to ' + (await focusedName()));
    await alice.keyboard.press('ArrowUp');
    await alice.keyboard.press('ArrowUp');
    if (!/Delete/.test(await focusedName())) throw new Error('ArrowUp from the first item should wrap to the last, got ' + (await focusedName()));
    await alice.keyboard.press('Escape');
    await menu.waitFor({ state: 'detached' });
    await alice.waitForFunction(() => document.activeElement?.getAttribute('aria-label') === 'Message actions');
  });

  await check('contrast: text, muted text, ticks and buttons meet 4.5:1 in the light and the dark theme', async () => {
    for (const scheme of ['light', 'dark']) {
      await alice.emulateMedia({ colorScheme: scheme });
      const low = await alice.evaluate(() => {
        const css = getComputedStyle(document.documentElement);
        const v = (n) => css.getPropertyValue('--' + n).trim();
        const lum = (hex) => {
          const c = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((x) => (x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4));
          return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
        };
        const ratio = (a, b) => { const [x, y] = [lum(v(a)), lum(v(b))].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
        const pairs = [['text', 'panel'], ['text', 'bg'], ['text', 'mine'], ['text', 'theirs'], ['muted', 'panel'], ['muted', 'bg'], ['muted', 'mine'],
          ['muted', 'theirs'], ['accent-text', 'accent'], ['accent', 'panel'], ['accent', 'bg'], ['read', 'mine'], ['danger', 'panel'], ['text', 'mark']];
        return pairs.map(([a, b]) => [a, b, ratio(a, b)]).filter(([, , r]) => r < 4.5);
      });
      if (low.length) throw new Error(`${scheme}: low contrast ${JSON.stringify(low)}`);
    }
    await alice.emulateMedia({ colorScheme: 'light' });
  });

  // A long chat, seeded over the API: 1,200 messages, one of them findable.
  const aliceToken = () => alice.evaluate(() => JSON.parse(localStorage.getItem('cloak.session')).accessToken);
  const bobToken = () => bob.evaluate(() => JSON.parse(localStorage.getItem('cloak.session')).accessToken);
  const apiAs = async (token, method, path, body) => {
    const r = await fetch(base + path, { method, headers: { Authorization: 'Bearer ' + token, 'Content-Type': 'application/json' }, body: body && JSON.stringify(body) });
    if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${await r.text()}`);
    return r.status === 204 ? null : r.json();
  };
  const TOTAL = Number(process.env.E2E_LONG_CHAT ?? 1200);
  const NEEDLE = 300;
  let longChat;
  if (TOTAL > 0) await check(`a chat with ${TOTAL} messages renders only the rows in view; scrolling up loads older pages without moving what is on screen`, async () => {
    const token = await aliceToken();
    const bobId = await bob.evaluate(() => JSON.parse(localStorage.getItem('cloak.session')).userId);
    longChat = (await apiAs(token, 'POST', '/api/v1/chats', { type: 'group', name: 'Long history', memberIds: [bobId] })).chatId;
    let next = 1;
    const worker = async () => {
      while (next <= TOTAL) {
        const n = next++;
        const text = n === NEEDLE ? `Long message ${n} about Zanzibarian tea` : `Long message ${n}`;
        await apiAs(token, 'POST', `/api/v1/chats/${longChat}/messages`, { clientMsgId: 'seed-' + stamp + '-' + n, type: 'text', text });
      }
    };
    await Promise.all(Array.from({ length: 6 }, worker));
    await alice.getByRole('button', { name: 'Chats' }).click();
    await alice.locator('button.chatitem', { hasText: 'Long history' }).click();
    await alice.locator('li.msg', { hasText: `Long message ${TOTAL}` }).waitFor();
    const scroller = alice.locator('.messages');
    // Scroll up page after page: each time the message at the top stays where it was while older ones load above
    // it. Each older page is held back until the position has been read, so what is compared is before/after the prepend.
    const held = [];
    const older = /\/messages\?.*beforeSeq=/;
    await alice.route(older, async (route) => { await new Promise((r) => held.push(r)); await route.continue(); });
    let oldest = Infinity;
    for (let round = 0; round < 8; round++) {
      await scroller.evaluate((el) => { el.scrollTop = 0; });
      const asked = Date.now() + 4 * TIMEOUT;
      while (!held.length) {
        if (Date.now() > asked) throw new Error(`round ${round}: scrolled to the top but no older page was requested`);
        await alice.waitForTimeout(50);
      }
      await alice.waitForTimeout(300);
      const before = await scroller.evaluate((el) => {
        const box = el.getBoundingClientRect();
        const all = [...el.querySelectorAll('li.msg')];
        const rows = all.filter((li) => li.getBoundingClientRect().bottom > box.top + 1 && li.getBoundingClientRect().top < box.bottom);
        rows.sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top);
        return { seq: Number(rows[0].dataset.seq), top: rows[0].getBoundingClientRect().top, oldest: Math.min(...all.map((li) => Number(li.dataset.seq))) };
      });
      held.shift()();
      await alice.waitForFunction((o) => Math.min(...[...document.querySelectorAll('.messages li.msg')].map((li) => Number(li.dataset.seq))) < o, before.oldest);
      await alice.waitForTimeout(200);
      const after = await scroller.evaluate((el, seq) => el.querySelector(`li.msg[data-seq="${seq}"]`)?.getBoundingClientRect().top ?? null, before.seq);
      if (after === null || Math.abs(after - before.top) > 3) throw new Error(`round ${round}: message ${before.seq} moved from ${before.top} to ${after} when older ones loaded`);
      oldest = before.oldest;
    }
    await alice.unroute(older);
    held.forEach((r) => r());
    const rendered = await alice.locator('.messages li.msg').count();
    const loadedAtLeast = TOTAL - oldest;
    if (loadedAtLeast < 350) throw new Error(`only ${loadedAtLeast} loaded`);
    if (rendered > 60) throw new Error(`${rendered} rows in the DOM for ${loadedAtLeast}+ loaded messages: not virtualised`);
    console.log(`[e2e]   ${rendered} rows rendered with ${loadedAtLeast}+ messages loaded`);
  });

  if (TOTAL > 0) await check('at the bottom, a new message shows at once (the view follows it)', async () => {
    await alice.locator('.messages').evaluate((el) => { el.scrollTop = el.scrollHeight; });
    await alice.locator('li.msg', { hasText: `Long message ${TOTAL}` }).waitFor();
    await alice.waitForTimeout(300);
    await apiAs(await bobToken(), 'POST', `/api/v1/chats/${longChat}/messages`, { clientMsgId: 'fresh-' + stamp, type: 'text', text: 'Fresh at the bottom' });
    const fresh = alice.locator('li.msg', { hasText: 'Fresh at the bottom' });
    await fresh.waitFor();
    await alice.waitForFunction(() => {
      const li = [...document.querySelectorAll('.messages li.msg')].find((x) => x.textContent.includes('Fresh at the bottom'));
      const box = document.querySelector('.messages').getBoundingClientRect();
      const r = li?.getBoundingClientRect();
      return r && r.bottom <= box.bottom + 2 && r.top >= box.top;
    });
  });

  if (TOTAL > 0) await check('a search hit opens the chat around that message, highlighted; scrolling loads newer and older ones', async () => {
    await alice.getByRole('button', { name: 'Search' }).first().click();
    await alice.getByLabel('Search all chats').fill('Zanzibarian');
    await alice.getByRole('search').getByRole('button', { name: 'Search' }).click();
    await alice.locator('.hits button', { hasText: 'Long history' }).click();
    const hit = alice.locator('li.msg.highlight', { hasText: 'Zanzibarian tea' });
    await hit.waitFor();
    await alice.waitForFunction(() => {
      const li = document.querySelector('.messages li.msg.highlight');
      const box = document.querySelector('.messages').getBoundingClientRect();
      const r = li?.getBoundingClientRect();
      return r && r.top >= box.top && r.bottom <= box.bottom;
    });
    if (await alice.locator('li.msg', { hasText: 'Fresh at the bottom' }).count()) throw new Error('the newest message shows right after the window in the past');
    await alice.screenshot({ path: join(OUT, 'search-jump-alice.png') });
    await alice.getByRole('button', { name: 'Jump to the latest messages ↓' }).waitFor();
    const seqs = () => alice.locator('.messages li.msg').evaluateAll((els) => els.map((e) => Number(e.dataset.seq)));
    // Down: newer pages load after the window.
    for (let i = 0; i < 10 && Math.max(...(await seqs())) < NEEDLE + 80; i++) {
      await alice.locator('.messages').evaluate((el) => { el.scrollTop = el.scrollHeight; });
      await alice.waitForTimeout(400);
    }
    if (Math.max(...(await seqs())) < NEEDLE + 80) throw new Error('scrolling down did not load newer messages: ' + Math.max(...(await seqs())));
    // Up: older pages load before it.
    for (let i = 0; i < 20 && Math.min(...(await seqs())) > NEEDLE - 60; i++) {
      await alice.locator('.messages').evaluate((el) => { el.scrollTop = 0; });
      await alice.waitForTimeout(400);
    }
    if (Math.min(...(await seqs())) > NEEDLE - 60) {
      const at = await alice.locator('.messages').evaluate((el) => [el.scrollTop, el.scrollHeight, el.clientHeight]);
      throw new Error(`scrolling up did not load older messages: ${Math.min(...(await seqs()))}; scrollTop, scrollHeight, clientHeight ${at}`);
    }
    await alice.getByRole('button', { name: 'Jump to the latest messages ↓' }).click();
    await alice.locator('li.msg', { hasText: 'Fresh at the bottom' }).waitFor();
  });

  const png = pngImage(96, 64);
  const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(40 * 1024), Buffer.from('\n%%EOF\n')]);

  await check('media: a photo with a caption (upload progress shown) and a PDF arrive with a preview and a document card', async () => {
    await alice.getByRole('button', { name: 'Chats' }).click();
    await chatItem(alice, 'Bob').click();
    await bob.getByRole('button', { name: 'Chats' }).click();
    await chatItem(bob, 'Alice').click();
    await alice.evaluate(() => {
      window.__sawProgress = false;
      new MutationObserver(() => { if (document.querySelector('progress[aria-label="Upload progress"]')) window.__sawProgress = true; })
        .observe(document.body, { subtree: true, childList: true });
    });
    await alice.locator('input[type=file]').setInputFiles({ name: 'dot.png', mimeType: 'image/png', buffer: png });
    await alice.getByRole('group', { name: 'Attachment' }).getByText('dot.png').waitFor();
    await alice.getByLabel('Message', { exact: true }).fill('A tiny picture');
    await alice.getByRole('button', { name: 'Send' }).click();
    await alice.getByRole('group', { name: 'Attachment' }).waitFor({ state: 'detached' });
    if (!(await alice.evaluate(() => window.__sawProgress))) throw new Error('no upload progress was shown');
    const photo = bob.locator('li.msg.theirs', { hasText: 'A tiny picture' }).locator('img');
    await photo.waitFor();
    // The list shows the server's thumbnail (a small photo is re-encoded, not enlarged): decoded, 96×64.
    await bob.waitForFunction(() => [...document.querySelectorAll('li.msg.theirs img')].some((i) => i.complete && i.naturalWidth === 96 && i.naturalHeight === 64));
    await chatItem(bob, 'Alice').filter({ hasText: '📷 A tiny picture' }).waitFor();

    await alice.locator('input[type=file]').setInputFiles({ name: 'report.pdf', mimeType: 'application/pdf', buffer: pdf });
    await alice.getByRole('button', { name: 'Send' }).click();
    const card = bob.locator('li.msg.theirs a.media.document', { hasText: 'report.pdf' });
    await card.waitFor();
    await card.getByText(/application\/pdf · 40\.\d KB|application\/pdf · 4\d KB/).waitFor();
    const fetched = await bob.evaluate(async () => {
      const a = [...document.querySelectorAll('a.media.document')].find((x) => x.textContent.includes('report.pdf'));
      const r = await fetch(a.href);
      return [r.status, (await r.arrayBuffer()).byteLength];
    });
    if (fetched[0] !== 200 || fetched[1] !== pdf.length) throw new Error('document download: ' + fetched);
  });

  await check('media: a file dropped on the chat is attached and sent', async () => {
    await alice.locator('section.chatview').evaluate((el, b64) => {
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const dt = new DataTransfer();
      dt.items.add(new File([bytes], 'dropped.png', { type: 'image/png' }));
      el.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
      el.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    }, png.toString('base64'));
    await alice.getByRole('group', { name: 'Attachment' }).getByText('dropped.png').waitFor();
    await alice.getByLabel('Message', { exact: true }).fill('Dropped in');
    await alice.getByRole('button', { name: 'Send' }).click();
    await bob.locator('li.msg.theirs', { hasText: 'Dropped in' }).locator('img').waitFor();
  });

  await check('media: refused uploads say why (415 for a kind not allowed, 413 for too large) and send nothing', async () => {
    await alice.locator('input[type=file]').setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('just some text') });
    await alice.getByRole('button', { name: 'Send' }).click();
    await alice.getByRole('alert').filter({ hasText: 'That kind of file cannot be sent' }).waitFor();
    await alice.getByRole('button', { name: 'Remove attachment' }).click();
    const big = Buffer.concat([png.subarray(0, 16), Buffer.alloc(1200 * 1024)]);
    await alice.locator('input[type=file]').setInputFiles({ name: 'huge.png', mimeType: 'image/png', buffer: big });
    await alice.getByRole('button', { name: 'Send' }).click();
    await alice.getByRole('alert').filter({ hasText: 'too large' }).waitFor();
    await alice.getByRole('button', { name: 'Remove attachment' }).click();
    if (await bob.locator('li.msg', { hasText: /notes\.txt|huge\.png/ }).count()) throw new Error('a refused file was sent');
  });

  await check('view once: the recipient sees "View once", opens it once, then "Opened"; a stale second tab gets 410 and says so', async () => {
    // A second tab of Bob's that has not heard about the opening: its WebSocket is held back (a stand-in that
    // never answers), so it still shows "View once" with the URL it loaded.
    const bob2 = await bob.context().newPage();
    bob2.setDefaultTimeout(TIMEOUT);
    await bob2.routeWebSocket(/\/ws/, () => {});
    await alice.locator('input[type=file]').setInputFiles({ name: 'once.png', mimeType: 'image/png', buffer: png });
    await alice.getByRole('group', { name: 'Attachment' }).getByLabel('View once').check();
    await alice.getByRole('button', { name: 'Send' }).click();
    const tag = bob.locator('li.msg.theirs [data-viewonce="closed"]').last();
    await tag.waitFor();
    await bob2.goto(base + '/');
    await chatItem(bob2, 'Alice').click();
    await bob2.locator('li.msg.theirs [data-viewonce="closed"]').last().waitFor();
    await tag.click();
    const viewer = bob.getByRole('dialog', { name: 'View once' });
    await viewer.locator('img').waitFor();
    await viewer.getByRole('button', { name: 'Close' }).click();
    await bob.locator('li.msg.theirs [data-viewonce="opened"]').last().waitFor();
    await bob2.locator('li.msg.theirs [data-viewonce="closed"]').last().click();
    await bob2.getByRole('alert').filter({ hasText: 'already opened' }).waitFor();
    await bob2.locator('li.msg.theirs [data-viewonce="opened"]').last().waitFor();
    await bob2.close();
    // The sender's copy says view once and stays openable for them.
    await alice.locator('li.msg.mine [data-viewonce="closed"]').last().waitFor();
    await bob.reload();
    await chatItem(bob, 'Alice').click();
    await bob.locator('li.msg.theirs [data-viewonce="opened"]').last().waitFor();
  });

  await check('a voice note: record (fake microphone), cancel one, send one; it arrives as a playable voice note with the server\'s duration and waveform', async () => {
    const before = await bob.locator('li.msg.theirs .media.audio').count();
    await alice.getByRole('button', { name: 'Record a voice note' }).click();
    await alice.getByRole('group', { name: 'Recording a voice note' }).waitFor();
    await alice.getByRole('button', { name: 'Cancel recording' }).click();
    await alice.getByRole('group', { name: 'Recording a voice note' }).waitFor({ state: 'detached' });
    await alice.getByRole('button', { name: 'Record a voice note' }).click();
    await alice.getByRole('timer').filter({ hasText: 'Recording 0:01' }).waitFor();
    await alice.getByRole('button', { name: 'Send voice note' }).click();
    const note = bob.locator('li.msg.theirs .media.audio').nth(before);
    await note.getByText('Voice note').waitFor();
    await new Promise((r) => setTimeout(r, 1000));
    if ((await bob.locator('li.msg.theirs .media.audio').count()) !== before + 1) throw new Error('the cancelled recording was sent too');
    const audio = await bob.locator('li.msg.theirs audio').last().evaluate(async (a) => {
      const r = await fetch(a.src);
      return { status: r.status, type: r.headers.get('content-type'), size: (await r.arrayBuffer()).byteLength };
    });
    if (audio.status !== 200 || !/^audio\//.test(audio.type) || audio.size < 1000) throw new Error('voice note download: ' + JSON.stringify(audio));
    // The server decoded the recording (Chromium records Opus in MP4 here; Firefox would send Ogg/Opus): the
    // note shows its duration and draws the server's 64-bar waveform (the fake microphone beeps, so not flat).
    await note.locator('svg.waveform rect').nth(63).waitFor();
    const drawn = await note.evaluate((el) => ({
      label: el.querySelector('.media-kind').textContent,
      heights: [...el.querySelectorAll('svg.waveform rect')].map((r) => Number(r.getAttribute('height'))),
      mediaId: new URL(el.querySelector('audio').src).pathname.split('/').pop(),
    }));
    let media;
    for (const c of (await apiAs(await bobToken(), 'GET', '/api/v1/chats')).chats) {
      const page = await apiAs(await bobToken(), 'GET', `/api/v1/chats/${c.chatId}/messages`);
      media ??= page.messages.map((m) => m.media).find((m) => m?.mediaId === drawn.mediaId);
    }
    const seconds = Math.round((media?.durationMs ?? 0) / 1000);
    if (!media || media.durationMs < 900 || media.durationMs > 30_000 || !drawn.label.includes(` · 0:${String(seconds).padStart(2, '0')}`)) {
      throw new Error('voice note duration: ' + JSON.stringify({ label: drawn.label, durationMs: media?.durationMs, mime: media?.mime }));
    }
    const expected = (media.waveform ?? []).map((v) => Math.max(2, v * 0.32));
    if (expected.length !== 64 || drawn.heights.length !== 64 || expected.some((h, i) => Math.abs(h - drawn.heights[i]) > 0.01)
        || Math.max(...media.waveform) < 20) {
      throw new Error('voice note waveform: ' + JSON.stringify({ server: media.waveform, drawn: drawn.heights }));
    }
    await bob.screenshot({ path: join(OUT, 'media-bob.png') });
  });

  await check('settings: the notifications switch subscribes with the server\'s key and registers the subscription; off unsubscribes and deletes it', async () => {
    await alice.context().grantPermissions(['notifications'], { origin: base });
    await alice.getByRole('button', { name: 'Settings' }).click();
    const toggle = alice.getByLabel(/Notify me of new messages/);
    await toggle.waitFor();
    await alice.waitForFunction(() => !document.querySelector('fieldset.push input').disabled);
    // Headless Chromium here has no push service to register with (PushManager.subscribe rejects): the page
    // must say so and register nothing.
    await toggle.click(); // a controlled switch: it turns on once subscribed
    await alice.locator('fieldset.push .error', { hasText: 'The browser could not subscribe to push' }).waitFor();
    if (await toggle.isChecked()) throw new Error('switch on after a failed subscribe');
    // From here, PushManager in the page is a stand-in that hands out a subscription (as a push service would),
    // so the rest of the flow runs for real: the key passed to subscribe, the POST, the unsubscribe and DELETE.
    const jwk = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).publicKey.export({ format: 'jwk' });
    const p256dh = Buffer.concat([Buffer.from([4]), Buffer.from(jwk.x, 'base64url'), Buffer.from(jwk.y, 'base64url')]).toString('base64url');
    const auth = randomBytes(16).toString('base64url');
    await alice.evaluate(({ p256dh, auth }) => {
      let current = null;
      const b64url = (bytes) => btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
      PushManager.prototype.getSubscription = async () => current;
      PushManager.prototype.subscribe = async (opts) => {
        const key = new Uint8Array(opts.applicationServerKey);
        window.__subscribedWithKey = b64url(key);
        current = { endpoint: 'https://push.example.test/send/' + crypto.randomUUID(), options: { applicationServerKey: key.buffer, userVisibleOnly: true },
          toJSON() { return { endpoint: this.endpoint, expirationTime: null, keys: { p256dh, auth } }; },
          async unsubscribe() { current = null; window.__unsubscribed = true; return true; } };
        return current;
      };
    }, { p256dh, auth });
    await toggle.click(); // a controlled switch: it turns on once subscribed
    const sub = await push.registered();
    if (!sub.endpoint?.startsWith('https://push.example.test/') || sub.keys?.p256dh !== p256dh || sub.keys?.auth !== auth) throw new Error('bad subscription ' + JSON.stringify(sub));
    const serverKey = await alice.evaluate(async () => {
      const t = JSON.parse(localStorage.getItem('cloak.session')).accessToken;
      return (await (await fetch('/api/v1/push/vapid-public-key', { headers: { Authorization: 'Bearer ' + t } })).json()).publicKey;
    });
    if ((await alice.evaluate(() => window.__subscribedWithKey)) !== serverKey) throw new Error('subscribed with another key than the server\'s');
    await alice.waitForFunction(() => document.querySelector('fieldset.push input').checked);
    console.log(`[e2e]   push switch against ${push.real ? "the server's endpoints" : 'a stand-in for the push endpoints (the server has none yet)'}`);
    await toggle.click();
    const removed = await push.removed();
    if (removed.endpoint !== sub.endpoint) throw new Error('DELETE named ' + removed.endpoint);
    if (!(await alice.evaluate(() => window.__unsubscribed))) throw new Error('the browser subscription was not ended');
    await alice.waitForFunction(() => !document.querySelector('fieldset.push input').checked);
  });

  await check('settings: "Show message previews in notifications" is off by default and its choice is kept by the server', async () => {
    const previews = alice.getByLabel(/Show message previews in notifications/);
    await previews.waitFor();
    await alice.waitForFunction(() => !document.querySelectorAll('fieldset.push input')[1].disabled);
    if (await previews.isChecked()) throw new Error('previews on by default');
    const stored = () => alice.evaluate(async () => {
      const t = JSON.parse(localStorage.getItem('cloak.session')).accessToken;
      return (await (await fetch('/api/v1/push/preferences', { headers: { Authorization: 'Bearer ' + t } })).json()).previews;
    });
    await previews.click();
    await alice.waitForFunction(() => document.querySelectorAll('fieldset.push input')[1].checked);
    if ((await stored()) !== true) throw new Error('the server did not keep previews on');
    await alice.reload();
    await alice.getByRole('button', { name: 'Settings' }).click();
    await alice.waitForFunction(() => document.querySelectorAll('fieldset.push input')[1]?.checked === true);
    await alice.getByLabel(/Show message previews in notifications/).click();
    await alice.waitForFunction(() => !document.querySelectorAll('fieldset.push input')[1].checked);
    if ((await stored()) !== false) throw new Error('the server did not keep previews off');
  });

  await archiveAndBridgeSteps(alice, base);
}

/**
 * An invented Android export (names and text made up here): an encryption notice, then Ann Lee and Bob Stone talking
 * over ten days; dates with a day above 12, so the date order is inferred as DMY. About 150 KB, so a throttled upload
 * shows the progress bar move.
 */
function inventedExport() {
  const lines = ['12/03/2024, 08:00 - Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them.'];
  const words = ['rain', 'tea', 'garden', 'train', 'bicycle', 'market'];
  for (let i = 0; i < 1800; i++) {
    const day = 13 + Math.floor(i / 200);
    const minute = i % 200;
    const hh = String(8 + Math.floor(minute / 60)).padStart(2, '0');
    const mm = String(minute % 60).padStart(2, '0');
    const who = i % 3 === 2 ? 'Bob Stone' : 'Ann Lee';
    lines.push(`${day}/03/2024, ${hh}:${mm} - ${who}: Note ${i} about the ${words[i % words.length]} ${i % 10 === 0 ? '😀' : ''}and the weekend plans`);
  }
  lines.push('22/03/2024, 21:00 - Bob Stone: Last one: see you at the market 🌧');
  return Buffer.from(lines.join('\n') + '\n', 'utf8');
}

/**
 * A later export of the same invented chat: its last 100 messages again (the overlap) and 3 new ones. Merged into the
 * archive, exactly the 3 are new.
 */
function newerExport() {
  const overlap = inventedExport().toString('utf8').trimEnd().split('\n').slice(-100);
  const fresh = ['23/03/2024, 09:00 - Ann Lee: Fresh note: the garden looks lovely after the rain 😀',
    '23/03/2024, 09:05 - Bob Stone: Great, happy to hear it',
    '23/03/2024, 09:07 - Ann Lee: Meet at the stall on Sunday'];
  return Buffer.from([...overlap, ...fresh].join('\n') + '\n', 'utf8');
}

/** A call of the archives API with the page's own session (what the server says, to compare with what is shown). */
const apiGet = (page, path) => page.evaluate(async (p) => {
  const t = JSON.parse(localStorage.getItem('cloak.session')).accessToken;
  return (await fetch(p, { headers: { Authorization: 'Bearer ' + t } })).json();
}, path);

/** Left and right edges of a message's bubble and of the history pane (px). */
const bubbleBox = (page, text) => page.locator('li.msg', { hasText: text }).locator('.bubble').boundingBox();

/** A table alternative's cells as text, header row first (opens its "As a table" first). */
async function tableOf(figure, n = 0) {
  const details = figure.locator('details').first();
  if (!(await details.evaluate((d) => d.open))) await details.locator('summary').click();
  return details.locator('table').nth(n).evaluate((t) => [...t.rows].map((r) => [...r.cells].map((c) => c.textContent.trim())));
}

/**
 * WCAG contrast of an element's text (or, for SVG shapes, fill) against the nearest opaque background below it,
 * computed in the page from the styles as they resolve (rgb(), or color(srgb …) from color-mix).
 */
const contrastOf = (locator, what = 'color') => locator.evaluate((el, what) => {
  const parse = (c) => {
    let m = /^rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?\)/.exec(c);
    if (m) return { rgb: [m[1], m[2], m[3]].map((v) => Number(v) / 255), a: m[4] === undefined ? 1 : Number(m[4]) };
    m = /^color\(srgb ([\d.e-]+) ([\d.e-]+) ([\d.e-]+)(?: \/ ([\d.]+))?\)/.exec(c);
    if (m) return { rgb: [m[1], m[2], m[3]].map(Number), a: m[4] === undefined ? 1 : Number(m[4]) };
    throw new Error('colour ' + c);
  };
  const lum = ({ rgb }) => { const [r, g, b] = rgb.map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4)); return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  const fg = parse(getComputedStyle(el)[what]);
  let node = what === 'color' ? el : el.parentElement;
  let bg = null;
  for (; node; node = node.parentElement) {
    const c = parse(getComputedStyle(node).backgroundColor);
    if (c.a > 0.99) { bg = c; break; }
  }
  bg ??= { rgb: [1, 1, 1], a: 1 };
  const [hi, lo] = [lum(fg), lum(bg)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}, what);

async function archiveAndBridgeSteps(alice, base) {
  await check('import an invented .txt export with a progress bar; the parse report shows types and the date order', async () => {
    await alice.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Import' }).click();
    await alice.getByLabel('WhatsApp export file').setInputFiles({ name: 'WhatsApp Chat with Ann Lee.txt', mimeType: 'text/plain', buffer: inventedExport() });
    // Record every value the progress bar shows, and slow the upload so it has some to show.
    await alice.evaluate(() => {
      window.__progress = [];
      new MutationObserver(() => {
        const bar = document.querySelector('progress[aria-label="Import progress"]');
        if (bar) window.__progress.push(bar.hasAttribute('value') ? Number(bar.value) : 'processing');
      }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['value'] });
    });
    const cdp = await alice.context().newCDPSession(alice);
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: 60 * 1024 });
    await alice.getByRole('region', { name: 'Import a chat' }).getByRole('button', { name: 'Import', exact: true }).click();
    const report = alice.getByRole('region', { name: 'Parse report' });
    await report.waitFor({ timeout: 60_000 });
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    const seen = await alice.evaluate(() => window.__progress);
    if (!seen.some((v) => typeof v === 'number' && v > 0 && v < 100)) throw new Error('the progress bar showed no intermediate value: ' + JSON.stringify(seen.slice(0, 20)));
    await report.getByText('1,802 messages read from WhatsApp Chat with Ann Lee.txt').waitFor();
    await report.getByText(/Dates read as DMY \(day\/month\/year\)/).waitFor();
    const textRow = await report.getByRole('row', { name: /^text/ }).textContent();
    if (!textRow.includes('1,801')) throw new Error('messages by type, text row: ' + textRow);
    await report.getByRole('row', { name: /encryption notices/ }).waitFor();
    await alice.getByRole('button', { name: /Re-import with date order MDY/ }).waitFor();
    await alice.getByRole('group', { name: 'Which one is you?' }).getByLabel('Bob Stone').check();
    await alice.screenshot({ path: join(OUT, 'archive-report.png') });
  });

  await check('the archive is in the chat list; it opens read-only, with the export\'s sender names', async () => {
    await alice.getByRole('button', { name: 'Open the archive' }).click();
    await alice.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Chats' }).click();
    const item = alice.locator('button.chatitem', { has: alice.locator('.archbadge') });
    await item.waitFor();
    await item.click();
    await alice.getByRole('note').filter({ hasText: 'Imported archive, read-only' }).waitFor();
    await alice.locator('li.msg.theirs', { hasText: 'Note 1798 ' }).locator('.sender', { hasText: 'Ann Lee' }).waitFor();
    if (await alice.getByLabel('Message', { exact: true }).count()) throw new Error('an archive shows a composer');
    if (await alice.getByLabel('Read privately').count()) throw new Error('an archive shows the cloak switch');
  });

  await check('"me" (Bob Stone, picked at import) is right-aligned like one\'s own messages, the others left', async () => {
    await alice.locator('li.msg.mine', { hasText: 'see you at the market' }).waitFor();
    const pane = await alice.getByRole('region', { name: 'Conversation history' }).boundingBox();
    const bob = await bubbleBox(alice, 'see you at the market');
    const ann = await bubbleBox(alice, 'Note 1798 ');
    const right = (b) => b.x + b.width;
    if (!(bob.x > ann.x + 20 && right(bob) > right(ann) + 20)) throw new Error(`"me" not right of the other: me ${JSON.stringify(bob)}, Ann ${JSON.stringify(ann)}`);
    if (pane.x + pane.width - right(bob) > 40 || ann.x - pane.x > 40) throw new Error(`not at the sides: pane ${JSON.stringify(pane)}, me ${JSON.stringify(bob)}, Ann ${JSON.stringify(ann)}`);
    if (await alice.locator('li.msg', { hasText: 'see you at the market' }).locator('.sender').count()) throw new Error('"me" messages show a sender name');
  });

  await check('the analytics dashboard draws its charts (each with a table), and a CSV export downloads with the messages', async () => {
    await alice.getByRole('button', { name: 'Report, analytics, export' }).click();
    const dash = alice.getByRole('region', { name: 'Analytics' });
    await dash.waitFor();
    const bars = await dash.locator('svg.activity rect').count();
    if (bars < 10) throw new Error('activity chart has ' + bars + ' bars');
    await dash.getByText(/Busiest: /).waitFor();
    const people = await dash.getByRole('figure', { name: 'Messages per participant' }).locator('.hbars li').allTextContents();
    if (!people.some((t) => t.includes('Ann Lee')) || !people.some((t) => t.includes('Bob Stone (me)'))) throw new Error('participant bars: ' + people);
    await dash.getByRole('figure', { name: 'Top words' }).locator('.hbars li', { hasText: 'weekend' }).waitFor();
    await dash.getByRole('figure', { name: 'Response times' }).locator('.hbars li').first().waitFor();
    if ((await dash.locator('figure.chart details table').count()) < 5) throw new Error('a chart without its table alternative');
    await alice.screenshot({ path: join(OUT, 'archive-analytics.png') });
    const [download] = await Promise.all([alice.waitForEvent('download'), alice.getByRole('button', { name: 'Download CSV' }).click()]);
    const csv = readFileSync(await download.path(), 'utf8');
    if (!/^\uFEFF?seq,time,author_key,author,kind,text/.test(csv)) throw new Error('CSV header: ' + csv.slice(0, 80));
    if (!csv.includes('Last one: see you at the market') || !csv.includes('Ann Lee')) throw new Error('CSV lacks the messages');
    if (!download.suggestedFilename().endsWith('.csv')) throw new Error('file name ' + download.suggestedFilename());
  });

  let archiveId;
  await check('the sentiment trend and who-replies-to-whom charts show, and their tables hold the server\'s numbers', async () => {
    archiveId = (await apiGet(alice, '/api/v1/archives')).archives[0].archiveId;
    const server = await apiGet(alice, `/api/v1/archives/${archiveId}/analytics`);
    const dash = alice.getByRole('region', { name: 'Analytics' });
    const name = (key) => server.participants.find((p) => p.authorKey === key)?.name ?? key;

    const sentiment = dash.getByRole('figure', { name: 'Sentiment over time' });
    await sentiment.locator('svg.sentiment').waitFor();
    if (!(await sentiment.locator('svg.sentiment').isVisible())) throw new Error('the sentiment chart is not visible');
    if ((await sentiment.locator('svg.sentiment rect').count()) !== server.sentiment.byMonth.length) throw new Error('sentiment bars ≠ months');
    if ((await sentiment.locator('[aria-hidden="true"] svg.sentiment').count()) !== 1) throw new Error('the sentiment drawing is not hidden from screen readers');
    const note = await sentiment.locator('.chartnote').textContent();
    if (!/German, English, Spanish, French and Portuguese/.test(note) || !/scored as English/.test(note)) throw new Error('lexicon coverage: ' + note);
    const months = (await tableOf(sentiment)).slice(1);
    const want = server.sentiment.byMonth;
    if (months.length !== want.length || want.length === 0) throw new Error(`sentiment table ${JSON.stringify(months)} vs ${JSON.stringify(want)}`);
    want.forEach((m, i) => {
      const [month, messages, positive, negative, avg] = months[i];
      const shown = Number(avg.replace('−', '-').replace('+', ''));
      if (month !== m.month || Number(messages.replace(/,/g, '')) !== m.messages || Number(positive.replace(/,/g, '')) !== m.positive
        || Number(negative.replace(/,/g, '')) !== m.negative || Math.abs(shown - m.average) > 0.005) throw new Error(`sentiment row ${months[i]} vs ${JSON.stringify(m)}`);
    });

    const replies = dash.getByRole('figure', { name: 'Who replies to whom' });
    await replies.locator('.replygrid').waitFor();
    if (!(await replies.locator('.replygrid').isVisible())) throw new Error('the replies grid is not visible');
    const matrix = await tableOf(replies);
    const cols = matrix[0].slice(1);
    const cell = (from, to) => matrix.find((r) => r[0] === from)?.[1 + cols.indexOf(to)];
    if (server.replies.length === 0) throw new Error('the invented chat has replies, the server counted none');
    for (const r of server.replies) {
      if (Number(cell(name(r.from), name(r.to))?.replace(/,/g, '')) !== r.count) throw new Error(`replies ${name(r.from)} → ${name(r.to)}: table ${cell(name(r.from), name(r.to))}, server ${r.count}`);
    }
    const tableTotal = matrix.slice(1).flatMap((r) => r.slice(1)).filter((c) => c !== '–').reduce((n, c) => n + Number(c.replace(/,/g, '')), 0);
    if (tableTotal !== server.replies.reduce((n, r) => n + r.count, 0)) throw new Error('the replies table holds other replies than the server');
    await dash.getByRole('figure', { name: 'Response times' }).getByText(/median time to answer/).waitFor();

    // Text at 4.5:1 and bars at 3:1 against what is behind them, in the light and the dark theme.
    for (const scheme of ['light', 'dark']) {
      await alice.emulateMedia({ colorScheme: scheme });
      const checks = [[replies.locator('.replygrid .rcell:not(.self)').first(), 'color', 4.5], [replies.locator('.replygrid .rowhead').first(), 'color', 4.5],
        [sentiment.locator('svg.sentiment text').first(), 'fill', 4.5], [sentiment.locator('.chartnote'), 'color', 4.5],
        [sentiment.locator('svg.sentiment rect').first(), 'fill', 3]];
      for (const [loc, what, min] of checks) {
        const ratio = await contrastOf(loc, what);
        if (ratio < min) throw new Error(`${scheme} theme: contrast ${ratio.toFixed(2)} < ${min} for ${await loc.evaluate((e) => e.outerHTML.slice(0, 80))}`);
      }
      // The darkest reply cell (the most replies) too.
      const top = replies.locator('.replygrid .rcell:not(.self)');
      for (let i = 0; i < (await top.count()); i++) {
        const ratio = await contrastOf(top.nth(i));
        if (ratio < 4.5) throw new Error(`${scheme} theme: reply cell ${i} contrast ${ratio.toFixed(2)}`);
      }
    }
    await alice.emulateMedia({ colorScheme: 'light' });
    await dash.locator('figure.chart details').evaluateAll((ds) => ds.forEach((d) => { d.open = false; }));
    await dash.locator('figure.chart', { hasText: 'Response times' }).evaluate((el) => el.scrollIntoView());
    await alice.screenshot({ path: join(OUT, 'archive-sentiment-replies.png') });
  });

  await check('changing "me" re-renders the history: the new "me" goes right, the previous one left', async () => {
    const picker = alice.getByRole('group', { name: 'Which one is you?' });
    await picker.getByLabel('Ann Lee').check();
    await alice.locator('li.msg.mine', { hasText: 'Note 1798 ' }).waitFor();
    await alice.locator('li.msg.theirs', { hasText: 'see you at the market' }).waitFor();
    const ann = await bubbleBox(alice, 'Note 1798 ');
    const bob = await bubbleBox(alice, 'see you at the market');
    if (!(ann.x > bob.x + 20)) throw new Error(`Ann ("me" now) not right of Bob: ${JSON.stringify(ann)} vs ${JSON.stringify(bob)}`);
    const kept = await apiGet(alice, `/api/v1/archives/${archiveId}`);
    if (kept.me !== kept.participants.find((p) => p.name === 'Ann Lee')?.authorKey) throw new Error('the server did not keep "me": ' + kept.me);
    await picker.getByLabel('Bob Stone').check();
    await alice.locator('li.msg.mine', { hasText: 'see you at the market' }).waitFor();
    await alice.locator('li.msg.theirs', { hasText: 'Note 1798 ' }).waitFor();
  });

  await check('"Add a newer export to this archive" merges an overlapping export: exactly its 3 new messages are added', async () => {
    const before = (await apiGet(alice, '/api/v1/archives')).archives.find((a) => a.archiveId === archiveId).messages;
    const dash = alice.getByRole('region', { name: 'Analytics' });
    const shownBefore = Number((await dash.locator('.totals div', { hasText: 'Messages' }).locator('dd').textContent()).replace(/,/g, ''));
    const merge = alice.getByRole('region', { name: 'Add a newer export' });
    // A text that is no WhatsApp export: the server's reason shows, and nothing is added.
    await merge.getByLabel('Newer export file').setInputFiles({ name: 'shopping list.txt', mimeType: 'text/plain', buffer: Buffer.from('eggs\nflour\nmilk\n') });
    await merge.getByRole('button', { name: 'Add to this archive' }).click();
    const refused = await merge.getByRole('alert').textContent({ timeout: 30_000 });
    if (!refused.trim()) throw new Error('a refused merge says nothing');
    if ((await apiGet(alice, '/api/v1/archives')).archives.find((a) => a.archiveId === archiveId).messages !== before) throw new Error('a refused merge changed the archive');
    await merge.getByLabel('Newer export file').setInputFiles({ name: 'WhatsApp Chat with Ann Lee (2).txt', mimeType: 'text/plain', buffer: newerExport() });
    await merge.getByRole('button', { name: 'Add to this archive' }).click();
    await merge.getByRole('status').filter({ hasText: 'Merged: 3 new messages added, 100 duplicates skipped (already in the archive), of 103 messages in the file.' })
      .waitFor({ timeout: 60_000 });
    const after = (await apiGet(alice, '/api/v1/archives')).archives.find((a) => a.archiveId === archiveId).messages;
    if (after - before !== 3) throw new Error(`the archive went from ${before} to ${after} messages`);
    const details = await apiGet(alice, `/api/v1/archives/${archiveId}`);
    const last = details.imports.at(-1);
    if (last.kind !== 'merge' || last.report.inserted !== 3 || last.report.duplicates !== 100) throw new Error('imports: ' + JSON.stringify(last).slice(0, 300));
    // The history and the dashboard follow: the new messages are there, the totals grew by 3.
    const history = alice.getByRole('region', { name: 'Conversation history' });
    await history.evaluate((el) => { el.scrollTop = el.scrollHeight; });
    await alice.locator('li.msg', { hasText: 'Meet at the stall on Sunday' }).waitFor();
    await dash.locator('.totals div', { hasText: 'Messages' }).locator('dd', { hasText: (shownBefore + 3).toLocaleString('en') }).waitFor();
    await alice.locator('.archivepanel').getByRole('region', { name: 'Parse report' }).getByText('3 new messages, 100 duplicates already in the archive.').waitFor();
  });

  await check('the Import tab can add an export to an existing archive too ("Import into"): only the new message is added', async () => {
    const before = (await apiGet(alice, '/api/v1/archives')).archives.find((a) => a.archiveId === archiveId).messages;
    await alice.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Import' }).click();
    const form = alice.getByRole('region', { name: 'Import a chat' });
    const third = Buffer.concat([Buffer.from(newerExport().toString('utf8').trimEnd().split('\n').slice(-10).join('\n') + '\n'),
      Buffer.from('23/03/2024, 09:30 - Bob Stone: One more from the import tab\n')]);
    await form.getByLabel('WhatsApp export file').setInputFiles({ name: 'WhatsApp Chat with Ann Lee (3).txt', mimeType: 'text/plain', buffer: third });
    await form.getByLabel('Import into').selectOption({ label: 'Add to “Ann Lee” (a newer or overlapping export of it)' });
    await form.getByRole('button', { name: 'Import', exact: true }).click();
    await form.getByRole('status').filter({ hasText: 'Merged: 1 new message added, 10 duplicates skipped (already in the archive), of 11 messages in the file.' })
      .waitFor({ timeout: 60_000 });
    if (await form.getByRole('button', { name: /Re-import with date order/ }).count()) throw new Error('a merge offers a re-import (it would replace the whole archive)');
    const after = (await apiGet(alice, '/api/v1/archives')).archives.find((a) => a.archiveId === archiveId).messages;
    if (after - before !== 1) throw new Error(`the archive went from ${before} to ${after} messages`);
    if ((await apiGet(alice, '/api/v1/archives')).archives.length !== 1) throw new Error('"Import into" made a new archive');
  });

  await check('WhatsApp: link a number in settings, the webhook URL shows; a signed webhook brings a cloaked WhatsApp chat', async () => {
    await alice.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Settings' }).click();
    const form = alice.locator('form.linkform');
    const phoneNumberId = '1065403' + String(Date.now() % 100_000_000).padStart(8, '0');
    const appSecret = randomBytes(16).toString('hex');
    // A form with mistakes says what is wrong and sends nothing.
    await form.getByLabel('Phone number id').fill('+1 555 0100');
    await form.getByRole('button', { name: 'Link number' }).click();
    await form.getByText('This is the phone number itself').waitFor();
    await form.getByLabel('Phone number id').fill(phoneNumberId);
    await form.getByLabel('Access token').fill('EAAG-e2e-token');
    await form.getByLabel('App secret').fill(appSecret);
    await form.getByLabel('Verify token').fill('e2e-verify');
    await form.getByRole('button', { name: 'Link number' }).click();
    const urlBox = alice.locator('.webhookurl.fresh input');
    await urlBox.waitFor();
    const webhookUrl = await urlBox.inputValue();
    const linkId = /\/webhooks\/whatsapp\/([^/?#]+)$/.exec(webhookUrl)?.[1];
    if (!linkId) throw new Error('webhook URL ' + webhookUrl);
    await alice.locator('.links li', { hasText: phoneNumberId }).getByLabel('Send typing indicators').waitFor();
    if (await alice.locator('.links li', { hasText: phoneNumberId }).getByLabel('Send typing indicators').isChecked()) throw new Error('typing indicators on by default');
    // Meta's verification handshake and a text message, signed with the app secret (HMAC-SHA256 of the exact bytes).
    const verify = await fetch(`${base}/webhooks/whatsapp/${linkId}?hub.mode=subscribe&hub.verify_token=e2e-verify&hub.challenge=4711`);
    if (verify.status !== 200 || (await verify.text()) !== '4711') throw new Error('verification handshake failed: ' + verify.status);
    const ts = String(Math.floor(Date.now() / 1000));
    const body = JSON.stringify({ object: 'whatsapp_business_account', entry: [{ id: '102290129340398', changes: [{ value: {
      messaging_product: 'whatsapp', metadata: { display_phone_number: '15550783881', phone_number_id: phoneNumberId },
      contacts: [{ profile: { name: 'Dana Fields' }, wa_id: '16505550199' }],
      messages: [{ from: '16505550199', id: 'wamid.E2E' + ts, timestamp: ts, type: 'text', text: { body: 'Is the shop open on Sunday?' } }] }, field: 'messages' }] }] });
    const post = (sig) => fetch(`${base}/webhooks/whatsapp/${linkId}`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Hub-Signature-256': sig }, body });
    const forged = await post('sha256=' + createHmac('sha256', 'not-the-secret').update(body).digest('hex'));
    if (forged.status !== 401) throw new Error('a forged signature got ' + forged.status);
    const ok = await post('sha256=' + createHmac('sha256', appSecret).update(body).digest('hex'));
    if (ok.status !== 200) throw new Error('the signed webhook got ' + ok.status);
    await alice.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Chats' }).click();
    const item = chatItem(alice, 'Dana Fields');
    await item.locator('.wabadge').waitFor({ timeout: 30_000 });
    await item.filter({ hasText: 'Is the shop open on Sunday?' }).waitFor();
    await item.click();
    await alice.locator('li.msg.theirs', { hasText: 'Is the shop open on Sunday?' }).waitFor();
    const note = await alice.getByRole('note', { name: 'WhatsApp chat' }).textContent();
    if (!/Reading here stays private/.test(note) || !/sends one read receipt to WhatsApp/.test(note)) throw new Error('WhatsApp note: ' + note);
    await alice.locator('.otherssee.on', { hasText: 'Cloak is on' }).waitFor();
    if (!(await alice.getByLabel('Read privately').isChecked())) throw new Error('the WhatsApp chat is not cloaked');
    await alice.screenshot({ path: join(OUT, 'whatsapp-chat.png') });
  });
}

let failed = false;
try {
  await main();
} catch (e) {
  failed = true;
  if (!results.some((r) => !r.ok)) console.error('[e2e] ' + (e.stack ?? e));
} finally {
  await browser?.close().catch(() => {});
  if (server && server.exitCode === null) {
    server.kill('SIGTERM');
    await new Promise((r) => { server.once('exit', r); setTimeout(r, 10_000); });
  }
  rmSync(dataDir, { recursive: true, force: true });
}
const passed = results.filter((r) => r.ok).length;
console.log(`e2e: ${passed} passed, ${results.length - passed + (failed && results.every((r) => r.ok) ? 1 : 0)} failed`);
process.exit(failed ? 1 : 0);
