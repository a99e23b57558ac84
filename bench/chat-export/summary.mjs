// Medians per input and parser from a results-*.jsonl file of bench/chat-export/run.sh, as a Markdown table,
// with Cloak / peer ratios. Messages per CPU-second use each process's whole CPU time (start-up, JIT, GC included);
// for warm-mode lines ("mode":"warm") the process's CPU time over the last parse only (parseCpuSeconds).
//   node bench/chat-export/summary.mjs RESULTS.jsonl
import { readFileSync } from 'node:fs';

const rows = readFileSync(process.argv[2], 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const groups = new Map();
for (const r of rows) {
  const key = `${r.file}\u0000${r.parser}\u0000${r.mode ?? 'one-shot'}`;
  if (!groups.has(key)) groups.set(key, []);
  groups.get(key).push(r);
}
const stats = new Map();
for (const [key, rs] of groups) {
  const [file, parser, mode] = key.split('\u0000');
  const cpuOf = (r) => (mode === 'warm' ? r.parseCpuSeconds : r.processCpuSeconds);
  stats.set(key, {
    file, parser, mode, runs: rs.length, messages: rs[0].messages, bytes: rs[0].bytes,
    seconds: median(rs.map((r) => r.seconds)),
    mps: median(rs.map((r) => r.messagesPerSecond)),
    cpu: median(rs.map(cpuOf)),
    mpcpu: median(rs.map((r) => r.messages / cpuOf(r))),
    rss: median(rs.map((r) => r.peakRssMiB)),
  });
}
const fmt = (x, d = 0) => x.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });
const warm = [...stats.values()].some((s) => s.mode === 'warm');
if (warm) console.log('Warm mode: the last parse of each process; CPU s = process CPU time over that parse.\n');
console.log(`| input | parser | runs | messages | parse s (wall) | messages/s (wall) | ${warm ? 'CPU s of the parse (process)' : 'process CPU s'} | messages per CPU-s | peak RSS MiB |`);
console.log('|---|---|---|---|---|---|---|---|---|');
for (const s of stats.values()) {
  console.log(`| ${s.file} (${fmt(s.bytes / 1e6, 1)} MB) | ${s.parser}${s.mode === 'warm' ? ' (warm)' : ''} | ${s.runs} | ${fmt(s.messages)} | ${fmt(s.seconds, 2)} | ${fmt(s.mps)} | ${fmt(s.cpu, 2)} | ${fmt(s.mpcpu)} | ${fmt(s.rss, 1)} |`);
}
console.log('\n| input | messages/s (wall), Cloak / peer | messages per CPU-s, Cloak / peer | peak RSS, Cloak / peer |');
console.log('|---|---|---|---|');
const inputs = [...new Set([...stats.values()].map((s) => `${s.file}\u0000${s.mode}`))];
for (const i of inputs) {
  const [f, mode] = i.split('\u0000');
  const c = [...stats.values()].find((s) => s.file === f && s.mode === mode && s.parser === 'cloak');
  const p = [...stats.values()].find((s) => s.file === f && s.mode === mode && s.parser !== 'cloak');
  if (!c || !p) continue;
  console.log(`| ${f}${mode === 'warm' ? ' (warm)' : ''} | ${fmt(c.mps / p.mps, 2)}× | ${fmt(c.mpcpu / p.mpcpu, 2)}× | ${fmt(c.rss / p.rss, 3)} |`);
}
