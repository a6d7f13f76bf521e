package io.aiworkflow.web.delivery;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The engine hands messages over and goes on; a client that does not read is closed, never waited for. */
class OutboxTest {

    private final ExecutorService executor = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    /** A client that takes messages as they come, or (blocked) one that never finishes a send. */
    private static class Client implements Outbox.Channel<String> {
        final List<String> received = new CopyOnWriteArrayList<>();
        final CountDownLatch closed = new CountDownLatch(1);
        final CountDownLatch unblock = new CountDownLatch(1);
        volatile boolean blocked;
        volatile Boolean closedSlow;

        @Override
        public void send(String message) throws Exception {
            if (blocked && !message.equals("bye")) {
                unblock.await();
            }
            received.add(message);
        }

        @Override
        public void close(boolean slow) {
            closedSlow = slow;
            closed.countDown();
        }

        @Override
        public String farewell() {
            return "bye";
        }
    }

    @Test
    void clientsTakeTurnsOnABusyDeliveryThreadAndNoneIsDropped() throws Exception {
        ExecutorService one = Executors.newSingleThreadExecutor();
        try {
            List<String> sent = new CopyOnWriteArrayList<>();
            CountDownLatch go = new CountDownLatch(1);
            Client busy = new Client() {
                @Override
                public void send(String message) throws Exception {
                    go.await();
                    sent.add(message);
                }
            };
            Client quiet = new Client() {
                @Override
                public void send(String message) {
                    sent.add(message);
                }
            };
            Outbox<String> many = new Outbox<>(busy, one, 1_000, 1_000_000, String::length);
            Outbox<String> single = new Outbox<>(quiet, one, 1_000, 1_000_000, String::length);
            for (int i = 0; i < 200; i++) {
                assertTrue(many.offer("many " + i, i == 199));
            }
            assertTrue(single.offer("single", true), "the only delivery thread is busy: the client waits its turn");
            go.countDown();

            assertTrue(busy.closed.await(5, TimeUnit.SECONDS));
            assertTrue(quiet.closed.await(5, TimeUnit.SECONDS));
            assertEquals(false, quiet.closedSlow);
            assertEquals(201, sent.size());
            assertTrue(
                    sent.indexOf("single") <= Outbox.PER_TURN,
                    "the quiet client's message went after one turn of the busy one, not after all 200: "
                            + sent.indexOf("single"));
        } finally {
            one.shutdownNow();
        }
    }

    @Test
    void messagesArriveInOrderAndTheLastOneCloses() throws Exception {
        Client client = new Client();
        Outbox<String> outbox = new Outbox<>(client, executor, 100, 10_000, String::length);
        for (int i = 0; i < 50; i++) {
            assertTrue(outbox.offer("m" + i, i == 49));
        }
        assertTrue(client.closed.await(5, TimeUnit.SECONDS));
        assertEquals(50, client.received.size());
        assertEquals("m0", client.received.get(0));
        assertEquals("m49", client.received.get(49));
        assertEquals(false, client.closedSlow);
        assertFalse(outbox.offer("late", false), "nothing after the last message");
    }

    @Test
    void aClientThatDoesNotReadIsClosedAsSlowAndTheSenderNeverWaits() throws Exception {
        assertClosedAsSlow(10, 1_000_000);
    }

    @Test
    void largeMessagesCountByCharacters() throws Exception {
        assertClosedAsSlow(1_000_000, 20);
    }

    private void assertClosedAsSlow(int maxMessages, long maxChars) throws Exception {
        Client client = new Client();
        client.blocked = true;
        Outbox<String> outbox = new Outbox<>(client, executor, maxMessages, maxChars, String::length);
        int taken = 0;
        for (int i = 0; i < 1_000; i++) { // returns at once although the client never finishes a send
            if (outbox.offer("m" + i, false)) {
                taken++;
            }
        }
        assertTrue(taken <= 11, "taken until the queue was full: " + taken);
        assertTrue(outbox.isSlow());
        client.unblock.countDown(); // the stuck send ends; the farewell follows, then the close
        assertTrue(client.closed.await(5, TimeUnit.SECONDS));
        assertEquals(true, client.closedSlow);
        assertEquals("bye", client.received.get(client.received.size() - 1));
    }
}
