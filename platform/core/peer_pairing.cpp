// Device pairing: an existing device shows a one-time code; the new device, linked to it, proves
// the code's secret and receives the identity keys sealed to its own device key, and the existing
// device adds it to every space (AddDevice, every epoch key wrapped to it). Also the adoption of a
// space from an admitting delta, shared with invitations (Replicator::accept_join).
#include <sodium.h>

#include "core/invitation_code.h"
#include "core/peer_impl.h"
#include "core/replicator.h"
#include "crypto/primitives.h"

namespace grove::platform {

namespace sp = grove::space::v1;
namespace nv = grove::net::v1;
using grove::wire::v1::DeltaKind;
using grove::wire::v1::SealedDelta;

namespace {

constexpr std::int64_t kMaxPairingLifetimeMs = 3'600'000;

crypto::SigningKeyPair one_time_key(const std::string& secret) {
    crypto::SigningKeyPair pair;
    crypto_sign_seed_keypair(pair.public_key.data(), pair.secret_key.data(),
                             reinterpret_cast<const unsigned char*>(secret.data()));
    return pair;
}

// What the code's one-time key signs: the pairing, the identity, the new device's keys, and the
// link's challenge (so a captured request is useless on another link).
Bytes pairing_signing_input(const std::string& pairing_id, const std::string& identity,
                            const std::string& device_sign, const std::string& device_box,
                            ByteView challenge) {
    crypto::Hasher hasher("grove.pair.v1");
    Bytes len;
    auto field = [&](ByteView b) {
        len.clear();
        append_u32le(len, static_cast<std::uint32_t>(b.size()));
        hasher.update(len).update(b);
    };
    field(as_bytes(pairing_id));
    field(as_bytes(identity));
    field(as_bytes(device_sign));
    field(as_bytes(device_box));
    field(challenge);
    auto digest = hasher.finish();
    Bytes out = to_bytes("grove.pair.proof.v1");
    append(out, digest);
    return out;
}

}  // namespace

Result<SealedDelta> Peer::Impl::load_sealed(const DeltaId& id) {
    auto st = store->database().cached(
        "SELECT header, nonce, ciphertext, signature FROM deltas WHERE delta_id = ?");
    if (!st.ok()) return st.error();
    (*st)->bind(1, ByteView(id));
    auto row = (*st)->step();
    if (!row.ok() || !*row) {
        (*st)->reset();
        return make_error(ErrorCode::Internal, "the delta was not stored");
    }
    SealedDelta out;
    out.set_header(to_string((*st)->column_blob(0)));
    out.set_nonce(to_string((*st)->column_blob(1)));
    out.set_ciphertext(to_string((*st)->column_blob(2)));
    out.set_signature(to_string((*st)->column_blob(3)));
    (*st)->reset();
    return out;
}

Result<SpaceSummary> Peer::Impl::adopt_space(
    const SpaceId& sid, const DecodedDelta& admission,
    const std::function<bool(const sp::SpaceOp&)>& admits_me, std::vector<SpaceEvent>& events) {
    const auto& me = account->identity;
    if (spaces.count(sid))
        return make_error(ErrorCode::AlreadyExists, "this account already holds the space");
    // The admitter seals every epoch key it holds to this device (the history's too).
    const std::uint32_t epoch = admission.header.epoch();
    std::map<std::uint32_t, crypto::SymmetricKey> keys;
    for (const auto& w : admission.header.epoch_keys()) {
        if (w.device() != to_string(me.device_sign.public_key)) continue;
        auto raw = crypto::open_sealed(me.device_box, as_bytes(w.sealed_key()));
        if (!raw.ok() || raw->view().size() != crypto::kSymmetricKeySize)
            return make_error(ErrorCode::PermissionDenied, "a content key wrap does not open");
        keys.insert_or_assign(w.epoch() ? w.epoch() : epoch,
                              crypto::symmetric_key_from(raw->view()));
    }
    auto current = keys.find(epoch);
    if (current == keys.end())
        return make_error(ErrorCode::PermissionDenied, "no content key for this device");
    auto payload = open_delta_payload(admission, current->second);
    if (!payload.ok())
        return make_error(ErrorCode::PermissionDenied,
                          "the admission does not decrypt with its key");
    sp::SpaceOp op;
    if (!op.ParseFromArray(payload->data(), static_cast<int>(payload->size())) || !admits_me(op))
        return make_error(ErrorCode::InvalidArgument, "the delta does not admit this device");
    auto space = std::make_unique<Space>(sid);
    auto stored = store::in_transaction(store->database(), [&]() -> Result<void> {
        GROVE_TRY(store->add_space(sid, now_ms()));
        for (const auto& [e, k] : keys) GROVE_TRY(store_epoch_key(sid, e, k));
        return {};
    });
    if (!stored.ok()) return stored.error();
    for (auto& [e, k] : keys) space->add_epoch_key(e, std::move(k));
    connect_tools(*space);  // else its tool instances stay "pending" until a restart
    SpaceSummary summary = this->summary(*space);
    spaces[sid] = std::move(space);
    SpaceEvent ev;
    ev.kind = SpaceEvent::Kind::SpaceChanged;
    ev.space_id = to_hex(sid);
    events.push_back(ev);
    return summary;
}

Result<std::string> Peer::create_pairing(std::int64_t expires_ms,
                                         const std::vector<std::string>& addresses) {
    if (addresses.size() > 16)
        return make_error(ErrorCode::InvalidArgument, "at most 16 addresses fit in a code");
    for (const auto& a : addresses)
        if (a.empty() || a.size() > 256)
            return make_error(ErrorCode::InvalidArgument, "bad address \"" + a + "\"");
    std::lock_guard lock(impl_->mutex);
    GROVE_TRY(impl_->require_unlocked());
    const auto now = now_ms();
    if (expires_ms <= now || expires_ms > now + kMaxPairingLifetimeMs)
        return make_error(ErrorCode::InvalidArgument,
                          "a pairing code lives between now and one hour from now");
    auto id = crypto::random_array<16>();
    auto secret = crypto::random_array<32>();
    std::string secret_s = to_string(secret);
    auto key = one_time_key(secret_s);
    impl_->pairing_codes.issue(id, key.public_key, expires_ms);
    nv::PairingCode code;
    code.set_pairing_id(to_string(id));
    code.set_secret(secret_s);
    code.set_identity(to_string(impl_->account->identity.identity_sign.public_key));
    for (const auto& a : addresses) code.add_addresses(a);
    code.set_expires_ms(expires_ms);
    std::string text = encode_pairing_code(code);
    sodium_memzero(secret.data(), secret.size());
    sodium_memzero(secret_s.data(), secret_s.size());
    return text;
}

Result<crypto::SignPublicKey> Replicator::prepare_pairing() {
    auto& impl = peer_.impl();
    std::lock_guard lock(impl.mutex);
    if (impl.account)
        return make_error(ErrorCode::FailedPrecondition,
                          "this profile already has an account: pair into an empty profile");
    if (!impl.pairing_device) {
        auto fresh = std::make_unique<LocalIdentity>();
        fresh->device_sign = crypto::SigningKeyPair::generate();
        fresh->device_box = crypto::BoxKeyPair::generate();
        impl.pairing_device = std::move(fresh);
    }
    return impl.pairing_device->device_sign.public_key;
}

Result<nv::PairRequest> Replicator::make_pair_request(const nv::PairingCode& code,
                                                      ByteView challenge) const {
    auto& impl = peer_.impl();
    std::lock_guard lock(impl.mutex);
    if (impl.account)
        return make_error(ErrorCode::FailedPrecondition,
                          "this profile already has an account: pair into an empty profile");
    if (!impl.pairing_device)
        return make_error(ErrorCode::FailedPrecondition,
                          "pairing was not prepared: this device has no pending device keys");
    const auto& dev = *impl.pairing_device;
    nv::PairRequest req;
    req.set_pairing_id(code.pairing_id());
    req.set_device_sign(to_string(dev.device_sign.public_key));
    req.set_device_box(to_string(dev.device_box.public_key));
    auto key = one_time_key(code.secret());
    Bytes input = pairing_signing_input(code.pairing_id(), code.identity(), req.device_sign(),
                                        req.device_box(), challenge);
    Bytes proof(challenge.begin(), challenge.end());
    append(proof, crypto::sign(key.secret_key, input));
    req.set_proof(to_string(proof));
    return req;
}

Result<nv::PairResponse> Replicator::pair(const nv::PairRequest& req, ByteView challenge,
                                          const crypto::SignPublicKey& link_device) {
    if (challenge.size() != 32)
        return make_error(ErrorCode::InvalidArgument, "the pairing challenge must be 32 bytes");
    auto& impl = peer_.impl();
    std::vector<SpaceEvent> events;
    nv::PairResponse response;
    {
        std::lock_guard lock(impl.mutex);
        GROVE_TRY(impl.require_unlocked());
        const auto& me = impl.account->identity;
        auto verify_key = impl.pairing_codes.verify_key(req.pairing_id(), impl.now_ms());
        if (!verify_key.ok()) return verify_key.error();
        auto device = fixed_from<32>(as_bytes(req.device_sign()));
        auto box = fixed_from<32>(as_bytes(req.device_box()));
        if (!device || !box) return make_error(ErrorCode::InvalidArgument, "malformed device keys");
        if (*device != link_device)
            return make_error(ErrorCode::PermissionDenied,
                              "the pairing device is not the device on this link");
        const std::string& proof = req.proof();
        if (proof.size() != 32 + crypto::kSignatureSize ||
            proof.compare(0, 32, to_string(challenge)) != 0)
            return make_error(ErrorCode::PermissionDenied,
                              "the pairing proof is not bound to this link's challenge");
        Bytes input =
            pairing_signing_input(req.pairing_id(), to_string(me.identity_sign.public_key),
                                  req.device_sign(), req.device_box(), challenge);
        if (!crypto::verify(*verify_key, input,
                            as_bytes(std::string_view(proof).substr(32))))
            return make_error(ErrorCode::PermissionDenied,
                              "the pairing proof does not match the code's secret");
        impl.pairing_codes.consume(req.pairing_id());  // single use, even if what follows fails

        auto cert = make_device_cert(me.identity_sign, *device, *box, impl.now_ms());
        nv::PairingBundle bundle;
        bundle.set_display_name(me.display_name);
        bundle.set_identity_sign_secret(to_string(me.identity_sign.secret_key.view()));
        bundle.set_identity_box_secret(to_string(me.identity_box.secret_key.view()));
        *bundle.mutable_device_cert() = cert;
        std::string plain = bundle.SerializeAsString();
        response.set_sealed_bundle(to_string(crypto::seal(*box, as_bytes(plain))));
        sodium_memzero(plain.data(), plain.size());
        bundle.mutable_identity_sign_secret()->assign(64, '\0');
        bundle.mutable_identity_box_secret()->assign(32, '\0');

        // Add the device to every space this device can write in, with every epoch key.
        for (auto& [sid, space] : impl.spaces) {
            if (!impl.listed(*space) || !space->admin().has_genesis() || !space->can_author())
                continue;
            if (!space->membership().by_device(me.device_sign.public_key)) continue;
            sp::SpaceOp op;
            *op.mutable_add_device()->mutable_device() = cert;
            Space::Draft draft{DeltaKind::DELTA_KIND_SPACE, {}, to_bytes(op.SerializeAsString())};
            for (const auto& [epoch, key] : space->epoch_keys()) {
                grove::wire::v1::EpochKeyWrap w;
                w.set_device(req.device_sign());
                w.set_sealed_key(to_string(crypto::seal(*box, key.view())));
                w.set_epoch(epoch);
                draft.epoch_keys.push_back(std::move(w));
            }
            auto ids = impl.submit(*space, std::span(&draft, 1), events);
            if (!ids.ok()) return ids.error();
            auto sealed = impl.load_sealed(ids->front());
            if (!sealed.ok()) return sealed.error();
            auto* admission = response.add_spaces();
            admission->set_space_id(to_string(sid));
            *admission->mutable_delta() = std::move(sealed).value();
        }
    }
    impl.dispatch(events);
    return response;
}

Result<AccountInfo> Replicator::accept_pairing(const nv::PairingCode& code,
                                               const nv::PairResponse& response,
                                               const std::string& passphrase) {
    if (!response.error().empty())
        return make_error(ErrorCode::PermissionDenied,
                          "the other device refused the pairing: " + response.error());
    auto& impl = peer_.impl();
    std::vector<SpaceEvent> events;
    AccountInfo info;
    {
        std::lock_guard lock(impl.mutex);
        if (impl.account || !impl.pairing_device)
            return make_error(ErrorCode::FailedPrecondition, "this profile is not being paired");
        auto identity = std::move(*impl.pairing_device);
        auto raw = crypto::open_sealed(identity.device_box, as_bytes(response.sealed_bundle()));
        if (!raw.ok())
            return make_error(ErrorCode::PermissionDenied, "the pairing bundle does not open");
        nv::PairingBundle bundle;
        bool parsed =
            bundle.ParseFromArray(raw->view().data(), static_cast<int>(raw->view().size()));
        impl.pairing_device = std::make_unique<LocalIdentity>(std::move(identity));
        LocalIdentity& id = *impl.pairing_device;
        if (!parsed || bundle.identity_sign_secret().size() != crypto::kSignSecretKeySize ||
            bundle.identity_box_secret().size() != crypto::kBoxSecretKeySize)
            return make_error(ErrorCode::InvalidArgument, "the pairing bundle is malformed");
        auto identity_sign =
            crypto::SigningKeyPair::from_secret(as_bytes(bundle.identity_sign_secret()));
        if (to_string(identity_sign.public_key) != code.identity())
            return make_error(ErrorCode::PermissionDenied,
                              "the bundle is for another identity than the pairing code's");
        const auto& cert = bundle.device_cert();
        GROVE_TRY(verify_device_cert(cert));
        if (cert.identity() != code.identity() ||
            cert.device_sign() != to_string(id.device_sign.public_key) ||
            cert.device_box() != to_string(id.device_box.public_key))
            return make_error(ErrorCode::PermissionDenied,
                              "the device certificate is not for this device");
        LocalIdentity full;
        full.display_name = bundle.display_name();
        full.identity_sign = std::move(identity_sign);
        full.identity_box = crypto::BoxKeyPair::from_secret(as_bytes(bundle.identity_box_secret()));
        full.device_sign = std::move(id.device_sign);
        full.device_box = std::move(id.device_box);
        full.issue_documents(cert.issued_ms());
        full.device_cert = cert;
        bundle.mutable_identity_sign_secret()->assign(64, '\0');
        bundle.mutable_identity_box_secret()->assign(32, '\0');
        AccountVault vault(*impl.store);
        auto account = vault.create_with_identity(std::move(full), passphrase, impl.kdf);
        if (!account.ok()) return account.error();
        impl.account = std::move(account).value();
        impl.pairing_device.reset();
        impl.spaces.clear();
        const auto me = impl.account->identity.device_sign.public_key;
        for (const auto& admission : response.spaces()) {
            auto sid = fixed_from<kSpaceIdSize>(as_bytes(admission.space_id()));
            auto decoded = decode_delta(admission.delta());
            if (!sid || !decoded.ok() || !verify_delta_signature(*decoded) ||
                decoded->header.space_id() != admission.space_id())
                continue;  // one bad admission does not spoil the others
            (void)impl.adopt_space(
                *sid, *decoded,
                [&](const sp::SpaceOp& op) {
                    return op.has_add_device() &&
                           op.add_device().device().device_sign() == to_string(me);
                },
                events);
        }
        info = impl.account_info();
    }
    impl.dispatch(events);
    return info;
}

}  // namespace grove::platform
