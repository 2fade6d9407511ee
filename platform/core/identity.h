// LocalIdentity (this account's identity and device keys) and the signed public documents that
// describe identities to others: the self-signed IdentityCard and the identity-signed DeviceCert.
#pragma once

#include <grove/sdk/result.h>

#include <string>

#include "crypto/keys.h"
#include "grove/space/v1/ops.pb.h"

namespace grove::platform {

struct LocalIdentity {
    std::string display_name;
    crypto::SigningKeyPair identity_sign;
    crypto::BoxKeyPair identity_box;
    crypto::SigningKeyPair device_sign;
    crypto::BoxKeyPair device_box;
    grove::space::v1::IdentityCard card;
    grove::space::v1::DeviceCert device_cert;

    static LocalIdentity generate(const std::string& display_name);
    // Rebuilds the cards from the key pairs (after unlock).
    void issue_documents(std::int64_t issued_ms);

    std::string identity_hex() const;
    std::string device_hex() const;
    std::string fingerprint() const;
};

grove::space::v1::IdentityCard make_identity_card(const std::string& display_name,
                                                  const crypto::SigningKeyPair& identity,
                                                  const crypto::BoxPublicKey& box_key,
                                                  std::int64_t issued_ms);
grove::space::v1::DeviceCert make_device_cert(const crypto::SigningKeyPair& identity,
                                              const crypto::SignPublicKey& device_sign,
                                              const crypto::BoxPublicKey& device_box,
                                              std::int64_t issued_ms);

// Checks sizes and signatures; InvalidArgument with the reason otherwise.
Result<void> verify_identity_card(const grove::space::v1::IdentityCard& card);
Result<void> verify_device_cert(const grove::space::v1::DeviceCert& cert);

}  // namespace grove::platform
