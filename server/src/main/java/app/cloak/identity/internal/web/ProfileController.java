package app.cloak.identity.internal.web;

import app.cloak.identity.UserProfile;
import app.cloak.identity.internal.IdentityService;
import app.cloak.shared.ApiProblem;
import app.cloak.shared.Caller;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The signed-in user, other users' public profiles, contact discovery, devices and blocks. */
@RestController
@RequestMapping("/api/v1")
class ProfileController {
    record ProfilePatch(String displayName, String about) {}
    record Lookup(List<String> phones) {}
    record BlockRequest(String userId) {}
    record LookupResult(List<IdentityService.Contact> users) {}
    record DeviceList(List<IdentityService.DeviceView> devices) {}
    record BlockList(List<String> userIds) {}

    private final IdentityService identity;

    ProfileController(IdentityService identity) {
        this.identity = identity;
    }

    @GetMapping("/me")
    IdentityService.Me me(Caller caller) {
        return identity.me(caller);
    }

    @PatchMapping("/me")
    IdentityService.Me patchMe(Caller caller, @RequestBody ProfilePatch body) {
        return identity.updateMe(caller, body.displayName(), body.about());
    }

    @GetMapping("/users/{userId}")
    UserProfile user(@PathVariable String userId) {
        return identity.profile(userId).orElseThrow(() -> ApiProblem.notFound("User"));
    }

    @PostMapping("/contacts/lookup")
    LookupResult lookup(@RequestBody Lookup body) {
        return new LookupResult(identity.lookup(body.phones()));
    }

    @GetMapping("/devices")
    DeviceList devices(Caller caller) {
        return new DeviceList(identity.devices(caller));
    }

    @DeleteMapping("/devices/{deviceId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void revoke(Caller caller, @PathVariable String deviceId) {
        identity.revokeDevice(caller, deviceId);
    }

    @GetMapping("/blocks")
    BlockList blocks(Caller caller) {
        return new BlockList(identity.blocked(caller));
    }

    @PostMapping("/blocks")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void block(Caller caller, @RequestBody BlockRequest body) {
        identity.block(caller, body.userId());
    }

    @DeleteMapping("/blocks/{userId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void unblock(Caller caller, @PathVariable String userId) {
        identity.unblock(caller, userId);
    }
}
