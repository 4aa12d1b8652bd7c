package dev.panoptes.metrics.api;

import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpResponseWriter;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A response body written in chunks of {@value #CHUNK} bytes to an Armeria stream, each sent
 * once the previous one was consumed, so that a large result never sits in memory twice (as
 * values and as one JSON byte array) and a slow client slows the writer instead of filling the
 * heap. Fails with an {@link IOException} when the client has gone. Not thread-safe.
 */
final class ChunkedBody extends OutputStream {

    private static final int CHUNK = 64 * 1024;

    private final HttpResponseWriter writer;
    private final byte[] buffer = new byte[CHUNK];
    private int length;

    ChunkedBody(HttpResponseWriter writer) {
        this.writer = writer;
    }

    @Override
    public void write(int b) throws IOException {
        if (length == CHUNK) {
            send();
        }
        buffer[length++] = (byte) b;
    }

    @Override
    public void write(byte[] bytes, int offset, int count) throws IOException {
        while (count > 0) {
            if (length == CHUNK) {
                send();
            }
            int n = Math.min(count, CHUNK - length);
            System.arraycopy(bytes, offset, buffer, length, n);
            length += n;
            offset += n;
            count -= n;
        }
    }

    private void send() throws IOException {
        if (!writer.tryWrite(HttpData.wrap(Arrays.copyOf(buffer, length)))) {
            throw new IOException("the client closed the connection");
        }
        length = 0;
        CompletableFuture<Void> consumed = writer.whenConsumed();
        while (true) {
            try {
                consumed.get(1, TimeUnit.SECONDS);
                return;
            } catch (TimeoutException e) {
                // A stream aborted under us may never report consumption: look again.
                if (!writer.isOpen()) {
                    throw new IOException("the client closed the connection");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("response writing was interrupted");
            } catch (ExecutionException | CancellationException e) {
                throw new IOException("the client closed the connection", e);
            }
        }
    }

    /** Sends what is buffered; the stream itself is closed by the caller once the body is complete. */
    @Override
    public void close() throws IOException {
        if (length > 0) {
            send();
        }
    }
}
