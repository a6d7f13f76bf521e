package io.aiworkflow.engine.security;

import jakarta.enterprise.context.ApplicationScoped;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One-time tickets for WebSocket handshakes: a browser cannot set headers on a WebSocket, and
 * reading the HTTP session there would let any site that the user visits open a socket with the
 * user's cookie. So an authenticated caller (console session or API key) asks the API for a
 * ticket and hands it to {@code /ws/...?ticket=}: it works once, within a minute, on this server.
 */
@ApplicationScoped
public class SocketTickets {

    public static final Duration VALIDITY = Duration.ofSeconds(60);
    private static final SecureRandom RANDOM = new SecureRandom();

    private record Ticket(Caller caller, Instant expires) {}

    private final Map<String, Ticket> tickets = new ConcurrentHashMap<>();

    public String issue(Caller caller) {
        Instant now = Instant.now();
        tickets.values().removeIf(t -> t.expires().isBefore(now));
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        String value = HexFormat.of().formatHex(bytes);
        tickets.put(value, new Ticket(caller, now.plus(VALIDITY)));
        return value;
    }

    /** Whether the ticket would be redeemed now; it stays unused. */
    public boolean isValid(String value) {
        Ticket ticket = value == null ? null : tickets.get(value);
        return ticket != null && !ticket.expires().isBefore(Instant.now());
    }

    /** The caller the ticket was issued to, if it is valid; a ticket is gone after this call either way. */
    public Optional<Caller> redeem(String value) {
        Ticket ticket = value == null ? null : tickets.remove(value);
        if (ticket == null || ticket.expires().isBefore(Instant.now())) {
            return Optional.empty();
        }
        return Optional.of(ticket.caller());
    }
}
