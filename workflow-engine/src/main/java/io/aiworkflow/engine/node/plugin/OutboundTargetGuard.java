package io.aiworkflow.engine.node.plugin;

import io.aiworkflow.engine.node.NodeErrors;
import io.aiworkflow.engine.node.NodeFailure;
import io.aiworkflow.engine.settings.Setting;
import io.aiworkflow.engine.settings.Settings;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Keeps plugin calls away from the platform's own network: a URL is allowed only over http(s) and
 * only when every address its host resolves to is public, unless the host (or host:port) is on the
 * allow-list. Blocked: loopback, private (10/8, 172.16/12, 192.168/16), link-local (169.254/16, where
 * cloud metadata lives), any-local, multicast, CGNAT 100.64/10, other reserved IPv4, IPv6 ULA fc00::/7,
 * and IPv6 forms embedding a blocked IPv4. A host that does not resolve is refused too.
 * <p>{@link #addressesFor} is the one place names are resolved and checked: the plugin transport
 * connects to exactly the addresses it returns, so a DNS answer that changes between a check and
 * the connection (rebinding) cannot lead a call inside.
 */
public class OutboundTargetGuard {

    /** Resolves a host name to its addresses (the system resolver, or a stand-in in tests). */
    @FunctionalInterface
    public interface HostResolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    /** A host the guard refuses: resolving it for a connection fails with this. */
    public static final class ForbiddenHost extends UnknownHostException {
        ForbiddenHost(String message) {
            super(message);
        }
    }

    private final Set<String> allowed;
    private final HostResolver resolver;

    public OutboundTargetGuard(Set<String> allowedHosts) {
        this(allowedHosts, InetAddress::getAllByName);
    }

    public OutboundTargetGuard(Set<String> allowedHosts, HostResolver resolver) {
        this.allowed = allowedHosts == null
                ? Set.of()
                : allowedHosts.stream()
                        .map(h -> h.trim().toLowerCase(Locale.ROOT))
                        .filter(h -> !h.isEmpty())
                        .collect(Collectors.toUnmodifiableSet());
        this.resolver = resolver;
    }

    /**
     * The addresses a connection to {@code host} may use: all it resolves to, each checked (or, for
     * an allowed host, unchecked). Throws {@link ForbiddenHost} when any is internal.
     */
    public InetAddress[] addressesFor(String host) throws UnknownHostException {
        String bare = bare(host.toLowerCase(Locale.ROOT));
        // the port was checked by check(URI) before the request; here any allowed port of the host will do
        boolean allowedHost = allowed.contains(bare)
                || allowed.stream().anyMatch(a -> a.startsWith(bare + ":") || a.startsWith("[" + bare + "]:"));
        return allowedHost ? resolver.resolve(bare) : checkedAddresses(bare);
    }

    private InetAddress[] checkedAddresses(String bare) throws UnknownHostException {
        InetAddress[] addresses = resolver.resolve(bare);
        for (InetAddress address : addresses) {
            if (isInternal(address)) {
                throw new ForbiddenHost(
                        "host '" + bare + "' resolves to the non-public address " + address.getHostAddress());
            }
        }
        return addresses;
    }

    private static String bare(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    public static OutboundTargetGuard fromEnvironment() {
        return fromList(Settings.current().get(Setting.PLUGIN_ALLOWED_HOSTS).orElse(null));
    }

    /** {@code host} or {@code host:port} entries, comma separated. */
    public static OutboundTargetGuard fromList(String commaSeparated) {
        return new OutboundTargetGuard(
                commaSeparated == null
                        ? Set.of()
                        : Arrays.stream(commaSeparated.split(",")).collect(Collectors.toSet()));
    }

    /** Throws PLUGIN_TARGET_FORBIDDEN unless the URL may be called. */
    public void check(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw forbidden("only http and https URLs may be called, not '" + scheme + "'");
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw forbidden("the URL has no host");
        }
        host = host.toLowerCase(Locale.ROOT);
        String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        int port = uri.getPort() != -1 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        if (allowed.contains(bare)
                || allowed.contains(host)
                || allowed.contains(bare + ":" + port)
                || allowed.contains("[" + bare + "]:" + port)) {
            return;
        }
        try {
            checkedAddresses(bare);
        } catch (ForbiddenHost e) {
            throw forbidden(e.getMessage());
        } catch (UnknownHostException e) {
            throw forbidden("host '" + bare + "' cannot be resolved");
        }
    }

    static boolean isInternal(InetAddress address) {
        if (address.isLoopbackAddress()
                || address.isAnyLocalAddress()
                || address.isLinkLocalAddress()
                || address.isSiteLocalAddress()
                || address.isMulticastAddress()) {
            return true;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            return isInternalV4(b);
        }
        if (address instanceof Inet6Address) {
            int first = b[0] & 0xff;
            if ((first & 0xfe) == 0xfc) {
                return true; // unique local fc00::/7
            }
            if ((first == 0xfe) && ((b[1] & 0xc0) == 0xc0)) {
                return true; // deprecated site-local fec0::/10
            }
            byte[] embedded = embeddedV4(b);
            return embedded != null && isInternalV4(embedded);
        }
        return true;
    }

    private static boolean isInternalV4(byte[] b) {
        int a0 = b[0] & 0xff;
        int a1 = b[1] & 0xff;
        return a0 == 0 // "this network" 0/8
                || a0 == 10 // private
                || a0 == 127 // loopback
                || a0 == 100 && (a1 & 0xc0) == 64 // CGNAT 100.64/10
                || a0 == 169 && a1 == 254 // link-local, cloud metadata
                || a0 == 172 && (a1 & 0xf0) == 16 // private 172.16/12
                || a0 == 192 && a1 == 168 // private
                || a0 == 192 && a1 == 0 && (b[2] & 0xff) == 0 // IETF protocol assignments
                || a0 == 198 && (a1 & 0xfe) == 18 // benchmarking 198.18/15
                || a0 >= 224; // multicast, reserved, broadcast
    }

    /** The IPv4 address inside IPv4-compatible (::a.b.c.d), NAT64 (64:ff9b::/96) or 6to4 (2002::/16) forms. */
    private static byte[] embeddedV4(byte[] b) {
        boolean zeroPrefix = true;
        for (int i = 0; i < 12; i++) {
            zeroPrefix &= b[i] == 0;
        }
        boolean nat64 =
                (b[0] & 0xff) == 0x00 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b;
        if (zeroPrefix || nat64) {
            return Arrays.copyOfRange(b, 12, 16);
        }
        if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x02) {
            return Arrays.copyOfRange(b, 2, 6);
        }
        return null;
    }

    private static NodeFailure forbidden(String message) {
        return new NodeFailure(NodeErrors.PLUGIN_TARGET_FORBIDDEN, message);
    }
}
