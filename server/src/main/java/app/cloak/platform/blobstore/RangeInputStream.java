package app.cloak.platform.blobstore;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;

/** At most {@code remaining} bytes from a channel's current position; closing closes the channel. */
final class RangeInputStream extends InputStream {
    private final SeekableByteChannel channel;
    private long remaining;

    RangeInputStream(SeekableByteChannel channel, long length) {
        this.channel = channel;
        this.remaining = length;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (remaining <= 0) return -1;
        int n = channel.read(ByteBuffer.wrap(b, off, (int) Math.min(len, remaining)));
        if (n > 0) remaining -= n;
        return n;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
