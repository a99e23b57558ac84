// Parses one export with whatsapp-chat-parser (npm) and prints one JSON line, like ParseRun does for Cloak:
// messages, parse seconds (reading the file included), messages per second, the CPU time of the whole process so far
// (all threads, start-up included), peak resident memory (VmHWM).
//   node bench/chat-export/peer.mjs FILE
import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { parseString } from 'whatsapp-chat-parser';

const file = process.argv[2];
if (!file) {
  console.error('usage: node peer.mjs FILE');
  process.exit(2);
}
const t0 = process.hrtime.bigint();
const messages = parseString(readFileSync(file, 'utf8'));
const t1 = process.hrtime.bigint();
let textChars = 0;
for (const m of messages) textChars += m.message.length;
const seconds = Number(t1 - t0) / 1e9;
const cpu = process.cpuUsage();
const hwm = /VmHWM:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'));
console.log(JSON.stringify({
  parser: 'whatsapp-chat-parser@4.0.2', file: basename(file), bytes: statSync(file).size, messages: messages.length,
  textChars, seconds: +seconds.toFixed(3), messagesPerSecond: Math.round(messages.length / seconds),
  processCpuSeconds: +((cpu.user + cpu.system) / 1e6).toFixed(3),
  peakRssMiB: hwm ? +(hwm[1] / 1024).toFixed(1) : -1,
}));
