package com.promptfloe.webhooks.internal;

import com.promptfloe.webhooks.Secret;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 over {@code <t>.<raw body>} for a fixed list of secrets. Each thread keeps its own
 * initialised {@link Mac} per secret, because {@code Mac.getInstance} and {@code init} cost more than
 * signing a kilobyte.
 */
public final class HmacSha256 {

    private static final String ALGORITHM = "HmacSHA256";

    private final List<SecretKeySpec> keys;
    private final ThreadLocal<Mac[]> macs;

    /**
     * Prepares the keys.
     *
     * @param secrets at least one secret
     */
    public HmacSha256(List<Secret> secrets) {
        this.keys = secrets.stream().map(s -> new SecretKeySpec(s.keyBytes(), ALGORITHM)).toList();
        this.macs = ThreadLocal.withInitial(() -> new Mac[keys.size()]);
    }

    /**
     * How many secrets there are.
     *
     * @return the count
     */
    public int size() {
        return keys.size();
    }

    /**
     * Signs with one secret.
     *
     * @param secretIndex which secret
     * @param timestamp unix seconds
     * @param body the raw body
     * @return the 32-byte digest
     */
    public byte[] digest(int secretIndex, long timestamp, byte[] body) {
        Mac mac = mac(secretIndex);
        mac.update(Long.toString(timestamp).getBytes(StandardCharsets.US_ASCII));
        mac.update((byte) '.');
        mac.update(body);
        return mac.doFinal();
    }

    private Mac mac(int index) {
        Mac[] cached = macs.get();
        Mac mac = cached[index];
        if (mac == null) {
            try {
                mac = Mac.getInstance(ALGORITHM);
                mac.init(keys.get(index));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("this JVM cannot compute HmacSHA256", e);
            }
            cached[index] = mac;
        }
        return mac;
    }
}
