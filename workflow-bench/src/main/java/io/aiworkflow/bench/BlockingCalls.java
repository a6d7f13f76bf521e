package io.aiworkflow.bench;

import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.util.Timeout;

import java.io.IOException;
import java.net.URI;

/**
 * The load driver's client for the measured calls: blocking, so a call is sent and its answer read
 * on the client's own thread over a kept-alive connection. The JDK's client hands each call to its
 * selector thread and an executor and back; on the two cores the server shares with the driver,
 * those hand-offs cost about 0.3 ms of CPU per call, CPU the server then lacks.
 */
final class BlockingCalls implements AutoCloseable {

    /** A call's status and body. */
    record Answer(int status, String body) {}

    private final CloseableHttpClient client;

    BlockingCalls(int connections) {
        PoolingHttpClientConnectionManager pool = PoolingHttpClientConnectionManagerBuilder.create()
                .setMaxConnTotal(connections)
                .setMaxConnPerRoute(connections)
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.ofSeconds(10))
                        .setSocketTimeout(Timeout.ofSeconds(60))
                        .build())
                .build();
        client = HttpClients.custom()
                .setConnectionManager(pool)
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setResponseTimeout(Timeout.ofSeconds(60))
                        .build())
                .disableAutomaticRetries()
                .build();
    }

    Answer post(URI uri, String bearer, String json) throws IOException {
        HttpPost post = new HttpPost(uri);
        post.setHeader("Accept", "application/json");
        post.setHeader("Authorization", "Bearer " + bearer);
        post.setEntity(new StringEntity(json, ContentType.APPLICATION_JSON));
        return client.execute(
                post, response -> new Answer(response.getCode(), EntityUtils.toString(response.getEntity())));
    }

    @Override
    public void close() throws IOException {
        client.close();
    }
}
