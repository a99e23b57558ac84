// Browser end-to-end test: the packaged server jar (embedded defaults, fresh data dir) and two users in
// two Chromium contexts. Sign in, start a chat, talk in real time, ticks to blue; then one user reads
// privately and the other sees no blue ticks until "mark read up to here".
// Env: CLOAK_JAR (server jar), JAVA_BIN, E2E_OUT (screenshots, server log), CHROMIUM (default /usr/bin/chromium).
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { createRequire } from 'node:module';
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
      CLOAK_OTP_HTTP_URL: sms.url, CLOAK_DATABASE_URL: '', CLOAK_NATS_URL: '' },
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
    throw e;
  }
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
      '--disable-sync', '--no-first-run', '--disable-quic'],
  });
  const alice = await (await browser.newContext({ viewport: { width: 1100, height: 760 } })).newPage();
  const bob = await (await browser.newContext({ viewport: { width: 1100, height: 760 } })).newPage();
  for (const p of [alice, bob]) p.setDefaultTimeout(TIMEOUT);
  const stamp = String(Date.now() % 10_000_000).padStart(7, '0');
  const alicePhone = '+1555' + stamp;
  const bobPhone = '+1556' + stamp;

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
    await info.locator('li', { hasText: 'Bob' }).getByText('Admin').waitFor();
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
