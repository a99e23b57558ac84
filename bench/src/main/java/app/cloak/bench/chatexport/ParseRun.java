package app.cloak.bench.chatexport;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Parses one export with Cloak's {@code ChatExportParser} in this JVM and prints one JSON line: messages, parse
 * seconds (reading the file included), messages per second, the CPU time of the parsing thread, that of the whole
 * process so far (JVM start,
 * JIT and GC threads included), peak resident memory of the process (VmHWM from /proc/self/status) and the peak heap
 * use (the GC's memory pools). Started once per measurement, in a fresh JVM.
 * The parser is loaded from the server's compiled classes on the class path (the bench module does not depend on
 * the server):
 *
 * <pre>java -Xmx64m -cp bench/target/classes:server/target/classes app.cloak.bench.chatexport.ParseRun FILE [THREADS]</pre>
 *
 * THREADS is the parser's {@code ParseOptions.threads}: 1 parses on one thread, 2 adds a reader thread (the default
 * on a machine with more than one core, which 0 selects). {@code parseThreadCpuSeconds} is the calling thread's CPU
 * time only; with 2 threads the reader thread's CPU time is in {@code processCpuSeconds}.
 */
public final class ParseRun {
    private ParseRun() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: ParseRun FILE [THREADS]   (THREADS: 1, 2, or 0 = the parser's default)");
            System.exit(2);
        }
        Path file = Path.of(args[0]);
        Class<?> parser = Class.forName("app.cloak.archives.internal.parse.ChatExportParser");
        Class<?> options = Class.forName("app.cloak.archives.internal.parse.ParseOptions");
        Class<?> message = Class.forName("app.cloak.archives.internal.parse.ParsedMessage");
        Class<?> report = Class.forName("app.cloak.archives.internal.parse.ParseReport");
        Method parse = parser.getMethod("parse", InputStream.class, options, Consumer.class);
        MethodHandle text = MethodHandles.publicLookup().findVirtual(message, "text", MethodType.methodType(String.class))
                .asType(MethodType.methodType(String.class, Object.class));
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 0;
        Object defaults = options.getConstructor(Class.forName("app.cloak.archives.internal.parse.DateOrder"), Integer.class, int.class)
                .newInstance(null, null, threads);
        long[] chars = {0};
        Consumer<Object> sink = m -> {
            try {
                chars[0] += ((String) text.invokeExact(m)).length();
            } catch (Throwable e) {
                throw new IllegalStateException(e);
            }
        };
        long c0 = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        Object r;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            r = parse.invoke(null, in, defaults, sink);
        }
        long t1 = System.nanoTime();
        double parseCpu = (ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - c0) / 1e9;
        int messages = (Integer) report.getMethod("messages").invoke(r);
        int unparsed = (Integer) report.getMethod("unparsedCount").invoke(r);
        double seconds = (t1 - t0) / 1e9;
        long heapPeak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) heapPeak += pool.getPeakUsage().getUsed();
        }
        double cpu = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1e9;
        System.out.printf("{\"parser\":\"cloak\",\"threads\":%d,\"file\":\"%s\",\"bytes\":%d,\"messages\":%d,\"unparsed\":%d,\"textChars\":%d,"
                        + "\"seconds\":%.3f,\"messagesPerSecond\":%.0f,\"parseThreadCpuSeconds\":%.3f,\"processCpuSeconds\":%.3f,\"peakRssMiB\":%.1f,"
                        + "\"peakHeapMiB\":%.1f}%n",
                threads, file.getFileName(), Files.size(file), messages, unparsed, chars[0], seconds, messages / seconds, parseCpu, cpu,
                vmHwmKiB() / 1024.0, heapPeak / 1048576.0);
    }

    /** Peak resident set size of this process in KiB (Linux), or -1. */
    static long vmHwmKiB() throws IOException {
        for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (l.startsWith("VmHWM:")) return Long.parseLong(l.replaceAll("[^0-9]", ""));
        }
        return -1;
    }
}
