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
 * <pre>java -Xmx64m -cp bench/target/classes:server/target/classes app.cloak.bench.chatexport.ParseRun FILE [THREADS [REPEAT]]</pre>
 *
 * THREADS is the parser's {@code ParseOptions.threads}: 1 parses on one thread, 2 adds a reader thread (the default
 * on a machine with more than one core, which 0 selects). {@code parseThreadCpuSeconds} is the calling thread's CPU
 * time only; with 2 threads the reader thread's CPU time is in {@code processCpuSeconds}.
 *
 * <p>REPEAT (or the environment variable {@code CLOAK_PARSE_REPEAT}; the argument wins; default 1) is the warm
 * mode: the same file is parsed REPEAT times in this JVM, each time opened and read as in the one-shot mode, and
 * the line describes the <em>last</em> parse only, marked {@code "mode":"warm"}: its wall time, messages per second,
 * {@code parseThreadCpuSeconds} (the calling thread over that parse) and {@code parseCpuSeconds} (the process's
 * CPU time over that parse: every thread, so the reader thread, JIT and GC during it too);
 * {@code processCpuSeconds} stays the whole process's CPU time at the end. With 1 the line is the one-shot line,
 * unchanged.
 */
public final class ParseRun {
    private ParseRun() {
    }

    /** What one parse took; {@code value} is what the parse returned. */
    record Measured<T>(T value, long wallNanos, long threadCpuNanos, long processCpuNanos) {
    }

    /** One parse, as {@link #measureLast} runs it. */
    @FunctionalInterface
    interface Parse<T> {
        T run() throws Exception;
    }

    /** Runs {@code parse} {@code repeat} times (at least once) and returns the measurement of the last run only. */
    static <T> Measured<T> measureLast(int repeat, Parse<T> parse) throws Exception {
        if (repeat < 1) throw new IllegalArgumentException("repeat must be at least 1, got " + repeat);
        var threadBean = ManagementFactory.getThreadMXBean();
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        Measured<T> last = null;
        for (int i = 0; i < repeat; i++) {
            last = null; // nothing of the previous parse is kept while the next one runs
            long p0 = os.getProcessCpuTime();
            long c0 = threadBean.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            T value = parse.run();
            long t1 = System.nanoTime();
            long c1 = threadBean.getCurrentThreadCpuTime();
            long p1 = os.getProcessCpuTime();
            last = new Measured<>(value, t1 - t0, c1 - c0, p1 - p0);
        }
        return last;
    }

    /** The number of parses: the REPEAT argument if given, else {@code CLOAK_PARSE_REPEAT} if set, else 1. */
    static int repeat(String argument, String environment) {
        String v = argument != null ? argument : environment != null && !environment.isBlank() ? environment.trim() : "1";
        int n;
        try {
            n = Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("REPEAT must be a whole number, got '" + v + "'");
        }
        if (n < 1) throw new IllegalArgumentException("REPEAT must be at least 1, got " + n);
        return n;
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1 || args.length > 3) {
            System.err.println("usage: ParseRun FILE [THREADS [REPEAT]]   (THREADS: 1, 2, or 0 = the parser's default;"
                    + " REPEAT: parses in this JVM, the last one reported, default $CLOAK_PARSE_REPEAT or 1)");
            System.exit(2);
        }
        Path file = Path.of(args[0]);
        int repeat = repeat(args.length > 2 ? args[2] : null, System.getenv("CLOAK_PARSE_REPEAT"));
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
        Measured<Object> last = measureLast(repeat, () -> {
            chars[0] = 0; // the line reports the last parse's text characters
            try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
                return parse.invoke(null, in, defaults, sink);
            }
        });
        Object r = last.value();
        double parseCpu = last.threadCpuNanos() / 1e9;
        int messages = (Integer) report.getMethod("messages").invoke(r);
        int unparsed = (Integer) report.getMethod("unparsedCount").invoke(r);
        double seconds = last.wallNanos() / 1e9;
        long heapPeak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) heapPeak += pool.getPeakUsage().getUsed();
        }
        double cpu = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1e9;
        String warm = repeat == 1 ? "" : String.format("\"mode\":\"warm\",\"repeat\":%d,", repeat);
        String warmCpu = repeat == 1 ? "" : String.format("\"parseCpuSeconds\":%.3f,", last.processCpuNanos() / 1e9);
        System.out.printf("{\"parser\":\"cloak\",%s\"threads\":%d,\"file\":\"%s\",\"bytes\":%d,\"messages\":%d,\"unparsed\":%d,\"textChars\":%d,"
                        + "\"seconds\":%.3f,\"messagesPerSecond\":%.0f,\"parseThreadCpuSeconds\":%.3f,%s\"processCpuSeconds\":%.3f,\"peakRssMiB\":%.1f,"
                        + "\"peakHeapMiB\":%.1f}%n",
                warm, threads, file.getFileName(), Files.size(file), messages, unparsed, chars[0], seconds, messages / seconds, parseCpu,
                warmCpu, cpu, vmHwmKiB() / 1024.0, heapPeak / 1048576.0);
    }

    /** Peak resident set size of this process in KiB (Linux), or -1. */
    static long vmHwmKiB() throws IOException {
        for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (l.startsWith("VmHWM:")) return Long.parseLong(l.replaceAll("[^0-9]", ""));
        }
        return -1;
    }
}
