package io.aiworkflow.web.limits;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Refuses API bodies above {@link #MAX_BODY_BYTES} with 413 before anything parses them. A body
 * without Content-Length (chunked) is read up to the limit first, so a lying or missing length
 * cannot slip a large payload through.
 */
@WebFilter(urlPatterns = "/api/*", asyncSupported = true)
public class RequestSizeLimitFilter extends HttpFilter {

    public static final int MAX_BODY_BYTES = 4 * 1024 * 1024;
    private static final long DRAIN_LIMIT_BYTES = 64L * 1024 * 1024;

    @Override
    protected void doFilter(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        long declared = req.getContentLengthLong();
        if (declared > MAX_BODY_BYTES) {
            // read what a client is sending anyway (up to a bound), so it sees the 413 rather than a reset
            if (declared <= DRAIN_LIMIT_BYTES) {
                drain(req.getInputStream());
            }
            tooLarge(res, declared > DRAIN_LIMIT_BYTES);
            return;
        }
        if (declared < 0 && !"GET".equals(req.getMethod())) {
            byte[] body = readAtMost(req.getInputStream(), MAX_BODY_BYTES + 1);
            if (body.length > MAX_BODY_BYTES) {
                tooLarge(res, true);
                return;
            }
            chain.doFilter(new BufferedBodyRequest(req, body), res);
            return;
        }
        chain.doFilter(req, res);
    }

    private static byte[] readAtMost(InputStream in, int limit) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int n;
        while (out.size() < limit && (n = in.read(buffer, 0, Math.min(buffer.length, limit - out.size()))) > 0) {
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    private static void drain(InputStream in) throws IOException {
        byte[] buffer = new byte[65536];
        while (in.read(buffer) > 0) {
            // discard
        }
    }

    private static void tooLarge(HttpServletResponse res, boolean closeConnection) throws IOException {
        res.setStatus(413);
        res.setContentType("application/json");
        if (closeConnection) {
            res.setHeader("Connection", "close");
        }
        res.getWriter()
                .write("{\"code\":\"PAYLOAD_TOO_LARGE\",\"message\":\"request bodies are limited to " + MAX_BODY_BYTES
                        + " bytes\"}");
    }

    private static final class BufferedBodyRequest extends HttpServletRequestWrapper {
        private final byte[] body;

        BufferedBodyRequest(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("buffered body is read synchronously");
                }

                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }
            };
        }
    }
}
