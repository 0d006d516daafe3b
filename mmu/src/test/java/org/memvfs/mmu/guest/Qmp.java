package org.memvfs.mmu.guest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A minimal QMP client for tests (the Java twin of {@code tools/qemu-guest/qmp.py}): commands,
 * and HMP lines through {@code human-monitor-command}. Every wait has a deadline.
 */
public final class Qmp implements AutoCloseable {
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(120);

    private final SocketChannel channel;
    private final Selector selector;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

    private Qmp(SocketChannel channel) throws IOException {
        this.channel = channel;
        channel.configureBlocking(false);
        this.selector = Selector.open();
        channel.register(selector, SelectionKey.OP_READ);
    }

    /** Connects to QEMU's QMP socket, waiting up to {@code wait} for QEMU to create it, and negotiates. */
    public static Qmp connect(Path socket, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            try {
                SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
                try {
                    channel.connect(UnixDomainSocketAddress.of(socket));
                    Qmp qmp = new Qmp(channel);
                    String greeting = qmp.line();
                    if (!greeting.startsWith("{\"QMP\"")) {
                        throw new AssertionError("no QMP greeting on " + socket + ": " + greeting);
                    }
                    qmp.command("qmp_capabilities");
                    return qmp;
                } catch (IOException e) {
                    channel.close();
                    throw e;
                }
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("cannot connect to QMP at " + socket + " within " + wait, e);
                }
                sleep(100);
            }
        }
    }

    /** Runs a QMP command without arguments; returns the JSON of its {@code return}. */
    public String command(String name) {
        return command(name, null);
    }

    /** Runs a QMP command with {@code argumentsJson} (an object, or null); returns the JSON of its {@code return}. */
    public String command(String name, String argumentsJson) {
        send("{\"execute\": \"" + name + "\"" + (argumentsJson == null ? "" : ", \"arguments\": " + argumentsJson) + "}");
        while (true) {
            String answer = line();
            if (answer.startsWith("{\"return\"")) {
                return answer.substring(answer.indexOf(':') + 1, answer.lastIndexOf('}')).strip();
            }
            if (answer.startsWith("{\"error\"")) {
                throw new AssertionError("QMP " + name + " failed: " + answer);
            }
            // anything else is an event, which no test here waits for
        }
    }

    /** Runs a monitor (HMP) command line and returns what it printed. */
    public String hmp(String commandLine) {
        return unquote(command("human-monitor-command", "{\"command-line\": " + quote(commandLine) + "}"));
    }

    /** Runs a monitor command line in the context of vCPU {@code cpu} (for {@code gva2gpa}, {@code x}). */
    public String hmp(String commandLine, int cpu) {
        return unquote(command("human-monitor-command", "{\"command-line\": " + quote(commandLine) + ", \"cpu-index\": " + cpu + "}"));
    }

    static String quote(String text) {
        StringBuilder json = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                default -> {
                    if (c < 0x20) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        return json.append('"').toString();
    }

    /** The text of a JSON string literal. */
    static String unquote(String json) {
        if (json.length() < 2 || json.charAt(0) != '"' || json.charAt(json.length() - 1) != '"') {
            throw new AssertionError("not a JSON string: " + json);
        }
        StringBuilder text = new StringBuilder();
        for (int i = 1; i < json.length() - 1; i++) {
            char c = json.charAt(i);
            if (c != '\\') {
                text.append(c);
                continue;
            }
            char escaped = json.charAt(++i);
            switch (escaped) {
                case 'n' -> text.append('\n');
                case 'r' -> text.append('\r');
                case 't' -> text.append('\t');
                case 'b' -> text.append('\b');
                case 'f' -> text.append('\f');
                case 'u' -> {
                    text.append((char) Integer.parseInt(json.substring(i + 1, i + 5), 16));
                    i += 4;
                }
                default -> text.append(escaped); // \" \\ \/
            }
        }
        return text.toString();
    }

    private void send(String json) {
        ByteBuffer bytes = ByteBuffer.wrap((json + "\n").getBytes(StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + ANSWER_TIMEOUT.toNanos();
        try {
            while (bytes.hasRemaining()) {
                if (channel.write(bytes) == 0) {
                    if (System.nanoTime() > deadline) {
                        throw new AssertionError("QMP does not take a command within " + ANSWER_TIMEOUT);
                    }
                    sleep(1);
                }
            }
        } catch (IOException e) {
            throw new AssertionError("QMP connection lost", e);
        }
    }

    /** The next line QEMU sends, waiting at most {@link #ANSWER_TIMEOUT}. */
    private String line() {
        long deadline = System.nanoTime() + ANSWER_TIMEOUT.toNanos();
        ByteBuffer chunk = ByteBuffer.allocate(1 << 16);
        try {
            while (true) {
                byte[] seen = pending.toByteArray();
                for (int i = 0; i < seen.length; i++) {
                    if (seen[i] == '\n') {
                        pending.reset();
                        pending.write(seen, i + 1, seen.length - i - 1);
                        return new String(seen, 0, i, StandardCharsets.UTF_8).strip();
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("QMP sent no answer within " + ANSWER_TIMEOUT);
                }
                selector.select(Math.max(1, left / 1_000_000));
                selector.selectedKeys().clear();
                chunk.clear();
                int n = channel.read(chunk);
                if (n < 0) {
                    throw new AssertionError("QMP connection closed by QEMU");
                }
                pending.write(chunk.array(), 0, n);
            }
        } catch (IOException e) {
            throw new AssertionError("QMP connection lost", e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    @Override
    public void close() {
        try {
            selector.close();
            channel.close();
        } catch (IOException e) {
            // closing a socket QEMU may already have closed: nothing to do
        }
    }
}
