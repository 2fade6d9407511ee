#include "core/identity.h"

#include "crypto/primitives.h"

namespace grove::platform {
namespace {

void put_field(Bytes& out, ByteView field) {
    append_u32le(out, static_cast<std::uint32_t>(field.size()));
    append(out, field);
}

Bytes card_signing_input(const grove::space::v1::IdentityCard& c) {
    Bytes out = to_bytes("grove.identity.v1");
    put_field(out, as_bytes(c.display_name()));
    put_field(out, as_bytes(c.sign_key()));
    put_field(out, as_bytes(c.box_key()));
    append_u64le(out, static_cast<std::uint64_t>(c.issued_ms()));
    return out;
}

Bytes cert_signing_input(const grove::space::v1::DeviceCert& c) {
    Bytes out = to_bytes("grove.device.v1");
    put_field(out, as_bytes(c.identity()));
    put_field(out, as_bytes(c.device_sign()));
    put_field(out, as_bytes(c.device_box()));
    append_u64le(out, static_cast<std::uint64_t>(c.issued_ms()));
    return out;
}

std::string str(ByteView b) { return to_string(b); }

}  // namespace

grove::space::v1::IdentityCard make_identity_card(const std::string& display_name,
                                                  const crypto::SigningKeyPair& identity,
                                                  const crypto::BoxPublicKey& box_key,
                                                  std::int64_t issued_ms) {
    grove::space::v1::IdentityCard card;
    card.set_display_name(display_name);
    card.set_sign_key(str(identity.public_key));
    card.set_box_key(str(box_key));
    card.set_issued_ms(issued_ms);
    auto sig = crypto::sign(identity.secret_key, card_signing_input(card));
    card.set_signature(str(sig));
    return card;
}

grove::space::v1::DeviceCert make_device_cert(const crypto::SigningKeyPair& identity,
                                              const crypto::SignPublicKey& device_sign,
                                              const crypto::BoxPublicKey& device_box,
                                              std::int64_t issued_ms) {
    grove::space::v1::DeviceCert cert;
    cert.set_identity(str(identity.public_key));
    cert.set_device_sign(str(device_sign));
    cert.set_device_box(str(device_box));
    cert.set_issued_ms(issued_ms);
    cert.set_signature(str(crypto::sign(identity.secret_key, cert_signing_input(cert))));
    return cert;
}

Result<void> verify_identity_card(const grove::space::v1::IdentityCard& card) {
    if (card.sign_key().size() != 32 || card.box_key().size() != 32)
        return make_error(ErrorCode::InvalidArgument, "identity card: bad key size");
    if (card.display_name().empty() || card.display_name().size() > 200)
        return make_error(ErrorCode::InvalidArgument, "identity card: bad display name");
    auto key = fixed_from<32>(as_bytes(card.sign_key()));
    if (!crypto::verify(*key, card_signing_input(card), as_bytes(card.signature())))
        return make_error(ErrorCode::InvalidArgument, "identity card: bad signature");
    return {};
}

Result<void> verify_device_cert(const grove::space::v1::DeviceCert& cert) {
    if (cert.identity().size() != 32 || cert.device_sign().size() != 32 ||
        cert.device_box().size() != 32)
        return make_error(ErrorCode::InvalidArgument, "device certificate: bad key size");
    auto key = fixed_from<32>(as_bytes(cert.identity()));
    if (!crypto::verify(*key, cert_signing_input(cert), as_bytes(cert.signature())))
        return make_error(ErrorCode::InvalidArgument, "device certificate: bad signature");
    return {};
}

LocalIdentity LocalIdentity::generate(const std::string& display_name) {
    LocalIdentity id;
    id.display_name = display_name;
    id.identity_sign = crypto::SigningKeyPair::generate();
    id.identity_box = crypto::BoxKeyPair::generate();
    id.device_sign = crypto::SigningKeyPair::generate();
    id.device_box = crypto::BoxKeyPair::generate();
    return id;
}

void LocalIdentity::issue_documents(std::int64_t issued_ms) {
    card = make_identity_card(display_name, identity_sign, identity_box.public_key, issued_ms);
    device_cert = make_device_cert(identity_sign, device_sign.public_key, device_box.public_key,
                                   issued_ms);
}

std::string LocalIdentity::identity_hex() const { return to_hex(identity_sign.public_key); }
std::string LocalIdentity::device_hex() const { return to_hex(device_sign.public_key); }
std::string LocalIdentity::fingerprint() const {
    return crypto::fingerprint(identity_sign.public_key);
}

}  // namespace grove::platform
