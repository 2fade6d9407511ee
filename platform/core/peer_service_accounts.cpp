// Service accounts: a manager creates a non-person member identity and admits it through a
// service-account invitation bound to it; an unattended groved runs as it from its credential.
#include <sodium.h>

#include "core/peer_impl.h"
#include "core/text_code.h"
#include "crypto/primitives.h"
#include "grove/net/v1/service_account.pb.h"

namespace grove::platform {

namespace sp = grove::space::v1;
namespace nv = grove::net::v1;

namespace {

constexpr std::string_view kCredentialPrefix = "grove-service-account:";
constexpr std::string_view kCredentialDomain = "grove.service-account.v1";
constexpr std::size_t kMaxCredentialChars = 64 * 1024;
constexpr std::uint32_t kCredentialVersion = 1;
// The invitation a service account is admitted with is used at once; it never lives longer.
constexpr std::int64_t kServiceInvitationMs = 10 * 60 * 1000;
constexpr std::size_t kMaxAddresses = 16;

// The passphrase the account's keys are wrapped with at rest: the credential's unlock secret.
std::string unlock_passphrase(const std::string& unlock_secret) {
    return to_hex(as_bytes(unlock_secret));
}

void wipe(std::string& secret) {
    sodium_memzero(secret.data(), secret.size());
}

void wipe(nv::ServiceAccountCredential& c) {
    wipe(*c.mutable_identity_sign_secret());
    wipe(*c.mutable_identity_box_secret());
    wipe(*c.mutable_device_sign_secret());
    wipe(*c.mutable_device_box_secret());
    wipe(*c.mutable_unlock_secret());
}

Result<nv::ServiceAccountCredential> decode_credential(const std::string& text) {
    std::string_view trimmed = text;
    while (!trimmed.empty() &&
           (trimmed.back() == '\n' || trimmed.back() == '\r' || trimmed.back() == ' '))
        trimmed.remove_suffix(1);
    auto payload = decode_text_code(trimmed, kCredentialPrefix, kCredentialDomain,
                                    kMaxCredentialChars, "service account credential");
    if (!payload.ok()) return payload.error();
    nv::ServiceAccountCredential c;
    const bool parsed = c.ParseFromArray(payload->data(), static_cast<int>(payload->size()));
    sodium_memzero(payload->data(), payload->size());
    if (!parsed)
        return make_error(ErrorCode::InvalidArgument,
                          "the service account credential does not parse");
    if (c.version() != kCredentialVersion) {
        wipe(c);
        return make_error(ErrorCode::InvalidArgument,
                          "the service account credential has version " +
                              std::to_string(c.version()) + "; this groved reads version 1");
    }
    if (c.identity_sign_secret().size() != crypto::kSignSecretKeySize ||
        c.identity_box_secret().size() != crypto::kBoxSecretKeySize ||
        c.device_sign_secret().size() != crypto::kSignSecretKeySize ||
        c.device_box_secret().size() != crypto::kBoxSecretKeySize ||
        c.unlock_secret().size() != 32 || c.space_id().size() != kSpaceIdSize ||
        c.addresses_size() > static_cast<int>(kMaxAddresses)) {
        wipe(c);
        return make_error(ErrorCode::InvalidArgument,
                          "the service account credential is malformed");
    }
    return c;
}

// The identity the credential holds; its documents must be the ones signed by its keys.
Result<LocalIdentity> credential_identity(const nv::ServiceAccountCredential& c) {
    LocalIdentity id;
    id.display_name = c.card().display_name();
    id.identity_sign = crypto::SigningKeyPair::from_secret(as_bytes(c.identity_sign_secret()));
    id.identity_box = crypto::BoxKeyPair::from_secret(as_bytes(c.identity_box_secret()));
    id.device_sign = crypto::SigningKeyPair::from_secret(as_bytes(c.device_sign_secret()));
    id.device_box = crypto::BoxKeyPair::from_secret(as_bytes(c.device_box_secret()));
    id.card = c.card();
    id.device_cert = c.device_cert();
    GROVE_TRY(verify_identity_card(id.card));
    GROVE_TRY(verify_device_cert(id.device_cert));
    if (id.card.sign_key() != to_string(id.identity_sign.public_key) ||
        id.card.box_key() != to_string(id.identity_box.public_key) ||
        id.device_cert.identity() != to_string(id.identity_sign.public_key) ||
        id.device_cert.device_sign() != to_string(id.device_sign.public_key) ||
        id.device_cert.device_box() != to_string(id.device_box.public_key))
        return make_error(ErrorCode::PermissionDenied,
                          "the service account credential's documents are not its keys'");
    return id;
}

}  // namespace

Result<CreatedServiceAccount> Peer::create_service_account(
    const std::string& space, const std::string& name, Role role,
    const std::vector<std::string>& addresses) {
    if (name.empty() || name.size() > 200)
        return make_error(ErrorCode::InvalidArgument,
                          "a service account's name must be 1 to 200 bytes long");
    if (addresses.empty())
        return make_error(ErrorCode::FailedPrecondition,
                          "this peer accepts no links: a service account could not reach it");
    if (addresses.size() > kMaxAddresses)
        return make_error(ErrorCode::InvalidArgument, "at most 16 addresses fit in a credential");
    for (const auto& a : addresses)
        if (a.empty() || a.size() > 256)
            return make_error(ErrorCode::InvalidArgument, "bad address \"" + a + "\"");
    return impl_->mutate(space, [&](Space& target, auto& events) -> Result<CreatedServiceAccount> {
        auto& impl = *impl_;
        const auto& me = impl.account->identity;
        const MemberRecord* mine = target.membership().by_device(me.device_sign.public_key);
        if (!mine || mine->role != Role::Manager)
            return make_error(ErrorCode::PermissionDenied, "only managers add service accounts");
        if (!target.can_author())
            return make_error(ErrorCode::Unavailable,
                              "this device is waiting for the space's current key");
        const std::int64_t now = impl.now_ms();
        LocalIdentity account = LocalIdentity::generate(name);
        account.issue_documents(now);

        // The invitation, bound to the new identity and marked as a service account's.
        auto invitation_id = crypto::random_array<16>();
        auto seed = crypto::random_array<32>();
        crypto::SignPublicKey verify_key{};
        crypto::SignSecretKey one_time;
        crypto_sign_seed_keypair(verify_key.data(), one_time.data(), seed.data());
        sodium_memzero(seed.data(), seed.size());
        sp::SpaceOp invite;
        auto* ci = invite.mutable_create_invitation();
        ci->set_invitation_id(to_string(invitation_id));
        ci->set_role(role_to_proto(role));
        ci->set_expires_ms(now + kServiceInvitationMs);
        ci->set_verify_key(to_string(verify_key));
        ci->set_for_identity(to_string(account.identity_sign.public_key));
        ci->set_service_account(true);
        GROVE_TRY(impl.submit_one(target, Impl::space_op_draft(invite), events));

        // Its admission, proven with the invitation's one-time key as a joining device would.
        auto challenge = crypto::random_array<32>();
        Bytes input = join_signing_input(target.id(), invitation_id, account.card,
                                         account.device_cert, challenge);
        Bytes proof(challenge.begin(), challenge.end());
        append(proof, crypto::sign(one_time, input));
        sp::SpaceOp admit_op;
        auto* admit = admit_op.mutable_admit();
        *admit->mutable_member()->mutable_identity() = account.card;
        *admit->mutable_member()->add_devices() = account.device_cert;
        admit->mutable_member()->set_role(role_to_proto(role));
        admit->set_invitation_id(to_string(invitation_id));
        admit->set_invitation_proof(to_string(proof));
        // Every epoch key this device holds: the service account reads the space's history.
        std::vector<grove::wire::v1::EpochKeyWrap> wraps;
        for (const auto& [epoch, key] : target.epoch_keys()) {
            grove::wire::v1::EpochKeyWrap wrap;
            wrap.set_device(to_string(account.device_sign.public_key));
            wrap.set_sealed_key(to_string(crypto::seal(account.device_box.public_key, key.view())));
            wrap.set_epoch(epoch);
            wraps.push_back(std::move(wrap));
        }
        auto admitted =
            impl.submit_one(target, Impl::space_op_draft(admit_op, std::move(wraps)), events);
        if (!admitted.ok()) return admitted.error();
        auto admission = impl.load_sealed(*admitted);
        if (!admission.ok()) return admission.error();

        nv::ServiceAccountCredential c;
        c.set_version(kCredentialVersion);
        c.set_identity_sign_secret(to_string(account.identity_sign.secret_key.view()));
        c.set_identity_box_secret(to_string(account.identity_box.secret_key.view()));
        c.set_device_sign_secret(to_string(account.device_sign.secret_key.view()));
        c.set_device_box_secret(to_string(account.device_box.secret_key.view()));
        *c.mutable_card() = account.card;
        *c.mutable_device_cert() = account.device_cert;
        auto unlock = crypto::random_array<32>();
        c.set_unlock_secret(to_string(unlock));
        sodium_memzero(unlock.data(), unlock.size());
        c.set_space_id(to_string(target.id()));
        *c.mutable_admission() = std::move(admission).value();
        for (const auto& a : addresses) c.add_addresses(a);
        std::string payload = c.SerializeAsString();
        wipe(c);
        CreatedServiceAccount out;
        out.credential = encode_text_code(kCredentialPrefix, kCredentialDomain, as_bytes(payload));
        wipe(payload);
        MemberView& member = out.member;
        member.identity_id = account.identity_hex();
        member.display_name = name;
        member.fingerprint = account.fingerprint();
        member.role = role;
        member.devices.push_back(account.device_hex());
        member.service_account = true;
        member.added_by = to_hex(mine->identity);
        return out;
    });
}

Result<ServiceAccountStart> Peer::start_service_account(const std::string& credential) {
    auto decoded = decode_credential(credential);
    if (!decoded.ok()) return decoded.error();
    nv::ServiceAccountCredential c = std::move(decoded).value();
    struct Wipe {
        nv::ServiceAccountCredential& c;
        ~Wipe() { wipe(c); }
    } wipe_on_return{c};
    auto identity = credential_identity(c);
    if (!identity.ok()) return identity.error();
    std::string passphrase_hex = unlock_passphrase(c.unlock_secret());
    struct WipeText {
        std::string& s;
        ~WipeText() { wipe(s); }
    } wipe_passphrase{passphrase_hex};

    ServiceAccountStart out;
    out.space_id = to_hex(as_bytes(c.space_id()));
    out.addresses.assign(c.addresses().begin(), c.addresses().end());
    const std::string identity_key = to_string(identity->identity_sign.public_key);

    auto& impl = *impl_;
    std::vector<SpaceEvent> events;
    const auto state = account_state();
    if (state != AccountState::NoAccount) {
        // The profile this credential made before: its account, unlocked by the unlock secret.
        if (state == AccountState::Unlocked) {
            std::lock_guard lock(impl.mutex);
            if (impl.account->identity.card.sign_key() != identity_key)
                return make_error(ErrorCode::FailedPrecondition,
                                  "this profile holds another account than the service "
                                  "account's: use an empty profile directory");
            out.account = impl.account_info();
            return out;
        }
        auto unlocked = unlock(passphrase_hex);
        if (!unlocked.ok()) {
            if (unlocked.error().code == ErrorCode::Unauthenticated)
                return make_error(ErrorCode::FailedPrecondition,
                                  "this profile holds another account than the service "
                                  "account's: use an empty profile directory");
            return unlocked.error();
        }
        std::lock_guard lock(impl.mutex);
        if (impl.account->identity.card.sign_key() != identity_key)
            return make_error(ErrorCode::FailedPrecondition,
                              "this profile holds another account than the service account's");
        out.account = impl.account_info();
        return out;
    }

    // A fresh profile: the account from the credential's keys, then the space from its admission.
    auto sid = *fixed_from<kSpaceIdSize>(as_bytes(c.space_id()));
    auto admission = decode_delta(c.admission());
    if (!admission.ok()) return admission.error();
    if (!verify_delta_signature(*admission) || admission->header.space_id() != c.space_id())
        return make_error(ErrorCode::PermissionDenied,
                          "the credential's admission is not a signed delta of its space");
    {
        std::lock_guard lock(impl.mutex);
        AccountVault vault(*impl.store);
        auto account =
            vault.create_with_identity(std::move(identity).value(), passphrase_hex, impl.kdf);
        if (!account.ok()) return account.error();
        impl.account = std::move(account).value();
        impl.spaces.clear();
        auto adopted = impl.adopt_space(
            sid, *admission,
            [&](const sp::SpaceOp& op) {
                return op.has_admit() && op.admit().member().identity().sign_key() == identity_key;
            },
            events);
        if (!adopted.ok()) return adopted.error();
        out.account = impl.account_info();
    }
    impl.dispatch(events);
    return out;
}

}  // namespace grove::platform
