// Sealed invitations ("grove-sealed-invite:…", `space invite --for`): decode_sealed_invitation()
// on any pasted text, then open_sealed_invitation() with the recipient's keys — what
// `grovectl open-invite`/`join` and the API's OpenInvitation do before anything is dialed.
//
// The first input byte picks how the rest reaches the code: 0 — as pasted text; 1 — as the
// payload of a well-formed code (valid checksum: the SealedInvitation parser, the inviter card
// and signature checks see hostile bytes); 2 — as a SealedInvitationBody that the harness seals
// to the recipient and signs as a fixed inviter, so hostile bodies reach the opening checks.
// Checks: refusals are InvalidArgument (malformed) or PermissionDenied (signature, recipient)
// with a reason; what opens names the signing inviter and this recipient, and its code is a
// well-formed invitation code that re-encodes and decodes to the same code (what join uses).
#include <sodium.h>

#include "core/contacts.h"
#include "core/invitation_code.h"
#include "core/text_code.h"
#include "crypto/primitives.h"
#include "fuzz_support.h"

using namespace grove;
using namespace grove::fuzz;
namespace sp = grove::space::v1;
namespace nv = grove::net::v1;

namespace {

// The inviter (Ada) and the recipient (Bob), from fixed seeds: reproducible inputs.
struct Parties {
    LocalIdentity ada, bob;
    Parties() {
        std::array<std::uint8_t, 32> seed{};
        auto make = [&](LocalIdentity& id, const char* name, std::uint8_t s) {
            id.display_name = name;
            seed.fill(s);
            crypto_sign_seed_keypair(id.identity_sign.public_key.data(),
                                     id.identity_sign.secret_key.data(), seed.data());
            seed.fill(s + 1);
            crypto_box_seed_keypair(id.identity_box.public_key.data(),
                                    id.identity_box.secret_key.data(), seed.data());
            seed.fill(s + 2);
            crypto_sign_seed_keypair(id.device_sign.public_key.data(),
                                     id.device_sign.secret_key.data(), seed.data());
            seed.fill(s + 3);
            crypto_box_seed_keypair(id.device_box.public_key.data(),
                                    id.device_box.secret_key.data(), seed.data());
            id.issue_documents(1000);
        };
        make(ada, "Ada", 0x10);
        make(bob, "Bob", 0x20);
    }
};

const Parties& parties() {
    static Parties p;
    return p;
}

nv::InvitationCode sample_code(int addresses) {
    nv::InvitationCode code;
    code.set_space_id(std::string(16, '\x01'));
    code.set_invitation_id(std::string(16, '\x02'));
    code.set_secret(std::string(32, '\x03'));
    for (int i = 0; i < addresses; ++i) code.add_addresses("10.0.0." + std::to_string(i) + ":7420");
    code.set_expires_ms(1900000000000);
    return code;
}

// A SealedInvitation around `body_bytes` (any bytes) sealed to Bob and signed by Ada.
nv::SealedInvitation seal_raw(std::string_view body_bytes) {
    const auto& p = parties();
    nv::SealedInvitation sealed;
    *sealed.mutable_inviter() = p.ada.card;
    sealed.set_recipient(to_string(p.bob.identity_sign.public_key));
    sealed.set_recipient_box(to_string(p.bob.identity_box.public_key));
    sealed.set_sealed_body(
        to_string(crypto::seal(p.bob.identity_box.public_key, as_bytes(body_bytes))));
    sealed.set_issued_ms(2000);
    sealed.set_signature(to_string(
        crypto::sign(p.ada.identity_sign.secret_key, sealed_invitation_signing_input(sealed))));
    return sealed;
}

void check_refusal(const Error& e) {
    GROVE_FUZZ_CHECK(e.code == ErrorCode::InvalidArgument || e.code == ErrorCode::PermissionDenied);
    GROVE_FUZZ_CHECK(!e.message.empty());
}

void open_and_check(const nv::SealedInvitation& sealed) {
    const auto& p = parties();
    auto body = open_sealed_invitation(sealed, p.bob);
    if (!body.ok()) return check_refusal(body.error());
    GROVE_FUZZ_CHECK(sealed.recipient() == to_string(p.bob.identity_sign.public_key));
    GROVE_FUZZ_CHECK(body->inviter() == sealed.inviter().sign_key());
    GROVE_FUZZ_CHECK(body->recipient() == sealed.recipient());
    // What Peer::open_invitation hands to join: a plain code that join can decode.
    std::string code_text = encode_invitation_code(body->code());
    auto code = decode_invitation_code(code_text);
    GROVE_FUZZ_CHECK(code.ok());
    GROVE_FUZZ_CHECK(code->SerializeAsString() == body->code().SerializeAsString());
    // Anyone else cannot open it.
    GROVE_FUZZ_CHECK(open_sealed_invitation(sealed, p.ada).error().code ==
                     ErrorCode::PermissionDenied);
}

}  // namespace

void grove_fuzz_seeds(Seeds& seeds) {
    const auto& p = parties();
    for (int n : {0, 1, 3, 16}) {
        std::string text =
            seal_invitation(p.ada, p.bob.card, sample_code(n), "Plans", Role::Participant, 2000);
        seeds.add(std::string(1, '\0') + text);
        auto sealed = decode_sealed_invitation(text);
        if (sealed.ok()) seeds.add(std::string(1, '\1') + sealed->SerializeAsString());
        nv::SealedInvitationBody body;
        body.set_inviter(to_string(p.ada.identity_sign.public_key));
        body.set_recipient(to_string(p.bob.identity_sign.public_key));
        *body.mutable_code() = sample_code(n);
        body.set_space_name("Plans");
        body.set_role(sp::ROLE_GUEST);
        seeds.add(std::string(1, '\2') + body.SerializeAsString());
    }
    seeds.add(std::string(1, '\0') + "  " +
              seal_invitation(p.ada, p.bob.card, sample_code(2), "", Role::Manager, 1) + "\n");
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const std::uint8_t mode = data[0] % 3;
    std::string_view rest(reinterpret_cast<const char*>(data + 1), size - 1);
    if (mode == 2) {
        auto sealed = seal_raw(rest);
        // The harness's own signature checks out: only the body can be refused.
        auto decoded = decode_sealed_invitation(encode_sealed_invitation(sealed));
        if (!decoded.ok()) {
            // Too long for a code (a huge body): refused as malformed, never opened.
            GROVE_FUZZ_CHECK(decoded.error().code == ErrorCode::InvalidArgument);
            return 0;
        }
        open_and_check(*decoded);
        return 0;
    }
    std::string text = mode == 0 ? std::string(rest)
                                 : encode_text_code(kSealedInvitationPrefix,
                                                    "grove.sealed-invite.v1", as_bytes(rest));
    GROVE_FUZZ_CHECK(is_sealed_invitation(text) || !decode_sealed_invitation(text).ok());
    auto sealed = decode_sealed_invitation(text);
    if (!sealed.ok()) {
        check_refusal(sealed.error());
        return 0;
    }
    GROVE_FUZZ_CHECK(sealed->recipient().size() == 32 && sealed->recipient_box().size() == 32);
    GROVE_FUZZ_CHECK(verify_identity_card(sealed->inviter()).ok());
    auto again = decode_sealed_invitation(encode_sealed_invitation(*sealed));
    GROVE_FUZZ_CHECK(again.ok());
    GROVE_FUZZ_CHECK(again->SerializeAsString() == sealed->SerializeAsString());
    open_and_check(*sealed);
    return 0;
}
