package io.reelpipe.upload.events;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import org.springframework.stereotype.Component;

/**
 * Decides whether a webhook URL may be called: http or https, at most 2048 characters, no credentials, and (unless
 * private targets are allowed) a host whose every address is public, checked at registration and again before each
 * delivery, so a DNS change cannot turn an endpoint against internal services.
 */
@Component
class WebhookTargets {

    private final WebhookProperties properties;

    WebhookTargets(WebhookProperties properties) {
        this.properties = properties;
    }

    /** Why {@code url} may not be called, or null when it may. */
    String refusal(String url) {
        if (url == null || url.length() > 2048) {
            return "url must be at most 2048 characters";
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (java.net.URISyntaxException e) {
            return "url is not a valid URI";
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http") || uri.getHost() == null) {
            return "url must be an absolute http or https URL";
        }
        if (uri.getUserInfo() != null) {
            return "url must not carry credentials";
        }
        if (properties.allowPrivateTargets()) {
            return null;
        }
        try {
            for (InetAddress address : InetAddress.getAllByName(uri.getHost())) {
                if (address.isLoopbackAddress() || address.isSiteLocalAddress() || address.isLinkLocalAddress()
                        || address.isAnyLocalAddress() || address.isMulticastAddress()
                        || isUniqueLocal(address)) {
                    return "url resolves to a private address";
                }
            }
        } catch (UnknownHostException e) {
            return "url's host does not resolve";
        }
        return null;
    }

    private static boolean isUniqueLocal(InetAddress address) {
        byte[] bytes = address.getAddress();
        return bytes.length == 16 && (bytes[0] & 0xfe) == 0xfc;
    }
}
