#include "net/relay_chunk_session.h"

#include "blob/sealed_chunk.h"

namespace grove::platform::net {

namespace nv = grove::net::v1;

namespace {

std::optional<sdk::BlobId> blob_id_from(const std::string& bytes) {
    auto id = fixed_from<32>(as_bytes(bytes));
    if (!id) return std::nullopt;
    return sdk::BlobId(*id);
}

}  // namespace

RelayChunkSession::~RelayChunkSession() {
    for (const auto& [request, r] : receiving_) chunks_.release(r.space, r.sealed_size);
}

bool RelayChunkSession::claims(const nv::LinkMessage& message) {
    switch (message.body_case()) {
        case nv::LinkMessage::kChunkHave:
        case nv::LinkMessage::kChunkWant:
        case nv::LinkMessage::kChunkPut:
        case nv::LinkMessage::kChunkHeld:
        case nv::LinkMessage::kChunkPiece:
        case nv::LinkMessage::kChunkRefused:
        case nv::LinkMessage::kChunkStored:
            return true;
        default:
            return false;
    }
}

bool RelayChunkSession::admitted(const SpaceId& space) const {
    // The same roster check as for deltas (the rosters' own lock, not the store's).
    auto check = rosters_.check_member(space, device_);
    return check.has_roster && check.admitted;
}

void RelayChunkSession::refuse(std::uint64_t request, nv::ChunkRefusalReason reason,
                               std::string text) {
    nv::LinkMessage m;
    m.mutable_chunk_refused()->set_request(request);
    m.mutable_chunk_refused()->set_reason(reason);
    m.mutable_chunk_refused()->set_message(std::move(text));
    send_(std::move(m));
}

Result<void> RelayChunkSession::handle(nv::LinkMessage&& message) {
    switch (message.body_case()) {
        case nv::LinkMessage::kChunkHave:
            on_have(message.chunk_have());
            break;
        case nv::LinkMessage::kChunkWant:
            on_want(message.chunk_want());
            break;
        case nv::LinkMessage::kChunkPut:
            on_put(*message.mutable_chunk_put());
            break;
        default:
            break;  // answers to requests a relay never makes
    }
    return {};
}

void RelayChunkSession::on_have(const nv::ChunkHave& have) {
    auto space = fixed_from<kSpaceIdSize>(as_bytes(have.space_id()));
    if (!space || have.ids_size() > 1024) return refuse(have.request(), nv::CHUNK_INVALID);
    if (!admitted(*space)) {
        ++chunks_.refused_not_member;
        return refuse(have.request(), nv::CHUNK_NOT_MEMBER,
                      "this device is not a member of the space in the relay's roster");
    }
    nv::LinkMessage m;
    auto* held = m.mutable_chunk_held();
    held->set_space_id(have.space_id());
    held->set_request(have.request());
    std::string bitmap((have.ids_size() + 7) / 8, '\0');
    for (int i = 0; i < have.ids_size(); ++i) {
        auto id = blob_id_from(have.ids(i));
        if (id && chunks_.contains(*space, *id))
            bitmap[i / 8] = static_cast<char>(bitmap[i / 8] | (1 << (i % 8)));
    }
    held->set_bitmap(std::move(bitmap));
    send_(std::move(m));
}

void RelayChunkSession::on_want(const nv::ChunkWant& want) {
    auto space = fixed_from<kSpaceIdSize>(as_bytes(want.space_id()));
    auto id = blob_id_from(want.id());
    if (!space || !id) return refuse(want.request(), nv::CHUNK_INVALID);
    if (!admitted(*space)) {
        ++chunks_.refused_not_member;
        return refuse(want.request(), nv::CHUNK_NOT_MEMBER,
                      "this device is not a member of the space in the relay's roster");
    }
    if (queue_.size() >= kQueuedWantsPerLink) return refuse(want.request(), nv::CHUNK_BUSY);
    if (!chunks_.contains(*space, *id)) return refuse(want.request(), nv::CHUNK_NOT_HELD);
    queue_.push_back({want.request(), *space, *id, want.offset()});
}

void RelayChunkSession::give_up(std::uint64_t request) {
    auto it = receiving_.find(request);
    if (it == receiving_.end()) return;
    chunks_.release(it->second.space, it->second.sealed_size);
    receiving_.erase(it);
}

void RelayChunkSession::on_put(nv::ChunkPut& put) {
    const std::uint64_t request = put.request();
    auto it = receiving_.find(request);
    if (it == receiving_.end()) {
        // Later pieces of a chunk refused or found held already are dropped quietly.
        if (put.offset() != 0) return;
        auto space = fixed_from<kSpaceIdSize>(as_bytes(put.space_id()));
        auto id = blob_id_from(put.id());
        if (!space || !id || put.sealed_size() <= blob::kSealOverhead ||
            put.sealed_size() > blob::kMaxSealedSize)
            return refuse(request, nv::CHUNK_INVALID, "a malformed chunk");
        if (!admitted(*space)) {
            ++chunks_.refused_not_member;
            return refuse(request, nv::CHUNK_NOT_MEMBER,
                          "this device is not a member of the space in the relay's roster");
        }
        if (chunks_.contains(*space, *id)) {
            nv::LinkMessage m;
            m.mutable_chunk_stored()->set_request(request);
            return send_(std::move(m));
        }
        if (receiving_.size() >= kReceivingPerLink) return refuse(request, nv::CHUNK_BUSY);
        auto room = chunks_.reserve(*space, put.sealed_size());
        if (!room.ok())
            return refuse(request,
                          room.error().code == ErrorCode::ResourceExhausted ? nv::CHUNK_QUOTA
                                                                            : nv::CHUNK_BUSY,
                          room.error().message);
        Receiving r{*space, *id, put.sealed_size(), {}};
        r.data.reserve(put.sealed_size());
        it = receiving_.emplace(request, std::move(r)).first;
    }
    Receiving& r = it->second;
    if (put.offset() != r.data.size() || put.sealed_size() != r.sealed_size ||
        put.data().size() > r.sealed_size - r.data.size() || put.data().size() > 2 * kPieceSize) {
        give_up(request);
        return refuse(request, nv::CHUNK_INVALID, "chunk pieces out of order or too large");
    }
    r.data.insert(r.data.end(), put.data().begin(), put.data().end());
    if (!put.last()) return;
    if (r.data.size() != r.sealed_size || !std::equal(r.data.begin(), r.data.begin() + 4, "GRVB")) {
        give_up(request);
        return refuse(request, nv::CHUNK_INVALID, "not a whole sealed chunk");
    }
    auto stored = chunks_.put(r.space, r.id, r.data);
    give_up(request);  // releases the reservation (the chunk, if stored, is counted as held)
    if (!stored.ok())
        return refuse(
            request,
            stored.error().code == ErrorCode::ResourceExhausted ? nv::CHUNK_QUOTA : nv::CHUNK_BUSY,
            "the relay could not store the chunk: " + stored.error().message);
    nv::LinkMessage m;
    m.mutable_chunk_stored()->set_request(request);
    send_(std::move(m));
}

bool RelayChunkSession::pump() {
    for (std::size_t sent = 0; sent < kPiecesPerPump;) {
        if (!serving_) {
            if (queue_.empty()) return false;
            Serve job = queue_.front();
            queue_.pop_front();
            // Checked again: a removal may have reached the relay since the want.
            if (!admitted(job.space)) {
                refuse(job.request, nv::CHUNK_NOT_MEMBER,
                       "this device is not a member of the space in the relay's roster");
                continue;
            }
            auto sealed = chunks_.read(job.space, job.id);
            if (!sealed.ok() || job.offset >= sealed->size()) {
                refuse(job.request, nv::CHUNK_NOT_HELD);
                continue;
            }
            serving_ = job;
            serving_bytes_ = std::move(*sealed);
        }
        Serve& job = *serving_;
        const std::size_t size = serving_bytes_.size();
        const std::size_t n = std::min(kPieceSize, size - job.offset);
        nv::LinkMessage m;
        auto* piece = m.mutable_chunk_piece();
        piece->set_request(job.request);
        piece->set_offset(job.offset);
        piece->set_sealed_size(static_cast<std::uint32_t>(size));
        piece->set_data(reinterpret_cast<const char*>(serving_bytes_.data()) + job.offset, n);
        job.offset += static_cast<std::uint32_t>(n);
        piece->set_last(job.offset == size);
        send_(std::move(m));
        ++sent;
        if (job.offset == size) {
            serving_.reset();
            serving_bytes_ = Bytes();
        }
    }
    return serving_.has_value() || !queue_.empty();
}

}  // namespace grove::platform::net
