package app.cloak.identity.internal;

import app.cloak.identity.BlockChanged;
import app.cloak.identity.IdentityApi;
import app.cloak.identity.UserProfile;
import app.cloak.platform.crypto.DataCipher;
import app.cloak.platform.crypto.KeyedHashes;
import app.cloak.shared.ApiProblem;
import app.cloak.shared.Caller;
import app.cloak.shared.Fields;
import app.cloak.shared.Times;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Profiles, contact discovery, devices and blocks; the module's public facade. */
@Service
public class IdentityService implements IdentityApi {
    public record Me(String userId, String phone, String displayName, String about) {}
    public record DeviceView(String deviceId, String name, String createdAt, String lastActiveAt, boolean current) {}
    /** A user found by phone; named apart from a message's shared {@code Contact} card in the OpenAPI document. */
    @io.swagger.v3.oas.annotations.media.Schema(name = "ContactMatch")
    public record Contact(String userId, String phone, String displayName) {}

    static final int MAX_LOOKUP = 1000;

    private final IdentityStore store;
    private final DataCipher cipher;
    private final KeyedHashes hashes;
    private final Clock clock;
    private final DeviceSignOut signOut;

    private final ApplicationEventPublisher events;

    IdentityService(IdentityStore store, DataCipher cipher, KeyedHashes hashes, DeviceSignOut signOut, Clock clock,
                    ApplicationEventPublisher events) {
        this.events = events;
        this.signOut = signOut;
        this.store = store;
        this.cipher = cipher;
        this.hashes = hashes;
        this.clock = clock;
    }

    @Override
    public Optional<UserProfile> profile(String userId) {
        return store.user(userId).map(u -> new UserProfile(u.id(), u.displayName(), u.about(), null));
    }

    @Override
    public Set<String> existing(Collection<String> userIds) {
        return store.existingUsers(userIds);
    }

    @Override
    public boolean hasBlocked(String blocker, String blocked) {
        return store.hasBlocked(blocker, blocked);
    }

    public Me me(Caller caller) {
        var u = store.user(caller.userId()).orElseThrow(() -> ApiProblem.notFound("User"));
        return new Me(u.id(), cipher.decryptText(u.phoneEnc(), "phone:" + u.id()), u.displayName(), u.about());
    }

    @Transactional
    public Me updateMe(Caller caller, String displayName, String about) {
        var u = store.user(caller.userId()).orElseThrow(() -> ApiProblem.notFound("User"));
        String name = displayName == null ? u.displayName() : Fields.text(displayName.strip(), "displayName", 64);
        String text = about == null ? u.about() : Fields.text(about.strip(), "about", 140);
        store.updateProfile(u.id(), name, text);
        return me(caller);
    }

    public List<Contact> lookup(List<String> phones) {
        if (phones == null) throw ApiProblem.badRequest("missing_field", "'phones' is required");
        if (phones.size() > MAX_LOOKUP) throw ApiProblem.badRequest("too_many_phones", "At most " + MAX_LOOKUP + " phones per lookup");
        Map<String, String> phoneByHash = new LinkedHashMap<>();
        for (String phone : phones) phoneByHash.put(hashes.hex("phone", Fields.phone(phone), 32), phone);
        List<Contact> found = new ArrayList<>();
        for (var u : store.usersByPhoneHashes(phoneByHash.keySet())) {
            found.add(new Contact(u.id(), phoneByHash.get(u.phoneHash()), u.displayName()));
        }
        return found;
    }

    public List<DeviceView> devices(Caller caller) {
        return store.devices(caller.userId()).stream()
                .map(d -> new DeviceView(d.id(), d.name(), Times.iso(d.createdAt()), Times.iso(d.lastActiveAt()),
                        d.id().equals(caller.deviceId())))
                .toList();
    }

    @Transactional
    public void revokeDevice(Caller caller, String deviceId) {
        var device = store.device(deviceId).filter(d -> d.userId().equals(caller.userId()) && d.active())
                .orElseThrow(() -> ApiProblem.notFound("Device"));
        store.revokeDevice(device.id(), clock.millis());
        signOut.signedOut(device.userId(), device.id());
    }

    @Transactional
    public void block(Caller caller, String userId) {
        Fields.required(userId, "userId");
        if (userId.equals(caller.userId())) throw ApiProblem.badRequest("cannot_block_self", "You cannot block yourself");
        if (store.user(userId).isEmpty()) throw ApiProblem.notFound("User");
        if (store.hasBlocked(caller.userId(), userId)) return;
        store.block(caller.userId(), userId, clock.millis());
        events.publishEvent(new BlockChanged(caller.userId(), userId, true));
    }

    @Transactional
    public void unblock(Caller caller, String userId) {
        if (!store.hasBlocked(caller.userId(), userId)) return;
        store.unblock(caller.userId(), userId);
        events.publishEvent(new BlockChanged(caller.userId(), userId, false));
    }

    public List<String> blocked(Caller caller) {
        return store.blockedBy(caller.userId());
    }

    public boolean deviceActive(String deviceId, String userId) {
        return store.device(deviceId).filter(d -> d.active() && d.userId().equals(userId)).isPresent();
    }
}
