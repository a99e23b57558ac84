package app.cloak.identity.spi;

/** Delivers a login code to a phone. Chosen by {@code CLOAK_OTP_SENDER}: {@code log} or {@code http}. */
public interface OtpSender {
    void send(String phone, String code);
}
