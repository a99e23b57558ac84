package app.cloak.identity.internal.web;

import app.cloak.identity.internal.AuthService;
import app.cloak.shared.Caller;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/auth")
class AuthController {
    record OtpRequest(String phone) {}
    record VerifyRequest(String phone, String code, String deviceName) {}
    record RefreshRequest(String refreshToken) {}

    private final AuthService auth;

    AuthController(AuthService auth) {
        this.auth = auth;
    }

    @PostMapping("/otp")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Map<String, Long> otp(@RequestBody OtpRequest body, HttpServletRequest request) {
        return Map.of("expiresInSeconds", auth.requestCode(body.phone(), request.getRemoteAddr()));
    }

    @PostMapping("/verify")
    Object verify(@RequestBody VerifyRequest body, HttpServletRequest request) {
        return auth.verify(body.phone(), body.code(), body.deviceName(), request.getRemoteAddr());
    }

    @PostMapping("/refresh")
    Object refresh(@RequestBody RefreshRequest body) {
        return auth.refresh(body.refreshToken());
    }

    @PostMapping("/logout")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void logout(Caller caller) {
        auth.logout(caller);
    }
}
