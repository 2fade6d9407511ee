// Conversions from the Peer's views (AccountInfo, SpaceSummary, …) to grove.api.v1 messages.
// The API never exposes Peer types directly; everything crosses the wire through these.
#pragma once

#include "api/token_store.h"
#include "core/peer.h"
#include "grove/api/v1/api.pb.h"

namespace grove::platform::api {

grove::api::v1::Account to_proto(const AccountInfo& account);
grove::api::v1::Space to_proto(const SpaceSummary& space);
grove::api::v1::ChatMessage to_proto(const ChatMessageView& message);
grove::api::v1::SpaceEvent to_proto(const SpaceEvent& event);
grove::api::v1::InstalledTool to_proto(const ToolInfo& tool);
grove::api::v1::ToolInstance to_proto(const ToolInstanceView& instance);
grove::api::v1::SyncStatus to_proto(const SyncStatus& status);
grove::api::v1::Invitation to_proto(const InvitationInfo& invitation);
grove::api::v1::Member to_proto(const MemberView& member);
grove::api::v1::ApiTokenInfo to_proto(const TokenInfo& token);

}  // namespace grove::platform::api
