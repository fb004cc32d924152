package com.promptfloe.webhooks.jakarta.internal.console;

import com.promptfloe.webhooks.Secret;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The console's CSRF tokens: an HMAC of the user's name, so that every node of a cluster computes
 * the same token without a shared session, and a curl user can fetch it once (any GET answers it
 * in {@code X-CSRF-Token}).
 *
 * <p>The HMAC key is derived one way from the endpoints' signing secrets (itself an HMAC of a fixed
 * label keyed with them): neither the key nor a token tells anything about a secret, and nodes that
 * share the secrets share the tokens. Rotating a secret changes every token; a page loaded before
 * then has to be reloaded. With no secret known the key is random per JVM.
 */
public final class Csrf {

    /** The form field of HTML forms. */
    public static final String FIELD = "_csrf";
    /** The header of the JSON API (requests and GET responses). */
    public static final String HEADER = "X-CSRF-Token";

    private static final String ALGORITHM = "HmacSHA256";
    private static final byte[] KEY_LABEL = "promptfloe-webhooks console CSRF key v1".getBytes(StandardCharsets.UTF_8);

    private final byte[] key;

    private Csrf(byte[] key) {
        this.key = key.clone();
    }

    /**
     * Tokens keyed by the given secrets.
     *
     * @param secrets every endpoint's secrets, in a stable order; empty for a random key
     * @return the tokens
     */
    public static Csrf derivedFrom(List<Secret> secrets) {
        if (secrets.isEmpty()) {
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            return new Csrf(random);
        }
        byte[] material = new byte[0];
        for (Secret secret : secrets) {
            material = hmac(material.length == 0 ? secret.keyBytes() : material, secret.keyBytes());
        }
        return new Csrf(hmac(material, KEY_LABEL));
    }

    /**
     * The token of a user.
     *
     * @param user the authenticated user's name
     * @return the token, URL-safe base64
     */
    public String token(String user) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString(hmac(key, ("csrf\u0000" + user).getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Whether a token sent with a request is the user's.
     *
     * @param user the authenticated user's name
     * @param sent the token sent, or {@code null}
     * @return {@code true} only for the user's token (compared in constant time)
     */
    public boolean valid(String user, String sent) {
        if (user == null || sent == null || sent.isEmpty()) {
            return false;
        }
        return MessageDigest.isEqual(token(user).getBytes(StandardCharsets.US_ASCII),
                sent.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] hmac(byte[] keyBytes, byte[] data) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(keyBytes, ALGORITHM));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }

    @Override
    public String toString() {
        return "Csrf[key redacted]";
    }
}
