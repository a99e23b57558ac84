// Parses one export with whatsapp-chat-parser (npm) and prints one JSON line, like ParseRun does for Cloak:
// messages, parse seconds (reading the file included), messages per second, the CPU time of the whole process so far
// (all threads, start-up included), peak resident memory (VmHWM).
//   node bench/chat-export/peer.mjs FILE [REPEAT]
// REPEAT (or the environment variable CLOAK_PARSE_REPEAT; the argument wins; default 1) is the warm mode, as in
// ParseRun: the same file is read and parsed REPEAT times in this process, exactly as the one-shot mode does it, and
// the line describes the last parse only, marked "mode":"warm": its wall time and messages per second, and
// parseCpuSeconds, the process's CPU time over that parse (process.cpuUsage() delta: every thread, so V8's
// compiler and GC threads during it too); processCpuSeconds stays the whole process's CPU time at the end. In the
// warm mode the sum of the text lengths (the counterpart of ParseRun's sink, which runs inside Cloak's parse) is
// inside the timed parse; the one-shot line is unchanged (the sum after the timing).
import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { parseString } from 'whatsapp-chat-parser';

const file = process.argv[2];
const repeatText = process.argv[3] ?? (process.env.CLOAK_PARSE_REPEAT?.trim() || '1');
const repeat = Number(repeatText);
if (!file || process.argv.length > 4 || !Number.isInteger(repeat) || repeat < 1) {
  console.error('usage: node peer.mjs FILE [REPEAT]   (REPEAT: whole number >= 1, default $CLOAK_PARSE_REPEAT or 1)');
  process.exit(2);
}
const hwmMiB = () => {
  const hwm = /VmHWM:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'));
  return hwm ? +(hwm[1] / 1024).toFixed(1) : -1;
};
const parser = 'whatsapp-chat-parser@4.0.2';

if (repeat === 1) {
  const t0 = process.hrtime.bigint();
  const messages = parseString(readFileSync(file, 'utf8'));
  const t1 = process.hrtime.bigint();
  let textChars = 0;
  for (const m of messages) textChars += m.message.length;
  const seconds = Number(t1 - t0) / 1e9;
  const cpu = process.cpuUsage();
  console.log(JSON.stringify({
    parser, file: basename(file), bytes: statSync(file).size, messages: messages.length,
    textChars, seconds: +seconds.toFixed(3), messagesPerSecond: Math.round(messages.length / seconds),
    processCpuSeconds: +((cpu.user + cpu.system) / 1e6).toFixed(3),
    peakRssMiB: hwmMiB(),
  }));
} else {
  let last;
  for (let i = 0; i < repeat; i++) {
    last = undefined; // nothing of the previous parse is kept while the next one runs
    const c0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    const messages = parseString(readFileSync(file, 'utf8'));
    let textChars = 0;
    for (const m of messages) textChars += m.message.length;
    const t1 = process.hrtime.bigint();
    const cpu = process.cpuUsage(c0);
    last = { count: messages.length, textChars, nanos: t1 - t0, cpuMicros: cpu.user + cpu.system };
  }
  const seconds = Number(last.nanos) / 1e9;
  const cpu = process.cpuUsage();
  console.log(JSON.stringify({
    parser, mode: 'warm', repeat, file: basename(file), bytes: statSync(file).size, messages: last.count,
    textChars: last.textChars, seconds: +seconds.toFixed(3), messagesPerSecond: Math.round(last.count / seconds),
    parseCpuSeconds: +(last.cpuMicros / 1e6).toFixed(3),
    processCpuSeconds: +((cpu.user + cpu.system) / 1e6).toFixed(3),
    peakRssMiB: hwmMiB(),
  }));
}
