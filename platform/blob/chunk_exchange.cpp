#include "blob/chunk_exchange.h"

#include <deque>
#include <optional>

#include "blob/sealed_chunk.h"

namespace grove::platform::blob {

namespace nv = grove::net::v1;
using Clock = std::chrono::steady_clock;

namespace {

constexpr std::size_t kMaxIdsPerHave = 1024;

std::optional<sdk::BlobId> blob_id_from(const std::string& bytes) {
    if (bytes.size() != sdk::BlobId{}.size()) return std::nullopt;
    sdk::BlobId id;
    std::copy(bytes.begin(), bytes.end(), id.begin());
    return id;
}

std::string id_string(const sdk::BlobId& id) {
    return std::string(reinterpret_cast<const char*>(id.data()), id.size());
}

nv::LinkMessage refusal(std::uint64_t request, nv::ChunkRefusalReason reason) {
    nv::LinkMessage m;
    m.mutable_chunk_refused()->set_request(request);
    m.mutable_chunk_refused()->set_reason(reason);
    return m;
}

}  // namespace

// ---- state ----

struct ChunkExchange::Incoming {
    std::uint64_t transfer = 0;
    sdk::BlobId id{};
    Bytes data;
    std::uint32_t sealed_size = 0;
};

struct ChunkExchange::HaveAsk {
    std::uint64_t transfer = 0;
    std::vector<sdk::BlobId> ids;
};

struct ChunkExchange::ServeJob {
    std::uint64_t request = 0;
    SpaceId space{};
    sdk::BlobId id{};
    std::uint32_t offset = 0;
};

struct PushAsk {
    SpaceId space{};
    std::vector<sdk::BlobId> ids;
};

struct PutJob {
    std::uint64_t request = 0;
    SpaceId space{};
    sdk::BlobId id{};
    std::uint32_t offset = 0;
    std::uint64_t size = 0;
    Bytes sealed;  // until its last piece is sent
};

struct ChunkExchange::ChannelState {
    std::uint64_t serial = 0;
    crypto::SignPublicKey remote{};
    bool relay = false;
    std::deque<nv::LinkMessage> outbox;
    std::map<std::uint64_t, HaveAsk> haves;      // ChunkHave request → what it asked
    std::map<std::uint64_t, Incoming> incoming;  // ChunkWant request → what arrives
    std::deque<ServeJob> queue;                  // wants to serve, in order
    std::optional<ServeJob> serving;             // the chunk being sent
    Bytes serving_bytes;                         // its sealed bytes
    // ---- a relay link: this device's own chunks handed to the relay ----
    std::set<SpaceId> push_scan;                           // spaces to offer (again)
    std::map<SpaceId, Clock::time_point> push_retry;       // refused: offered again then
    std::map<std::uint64_t, PushAsk> push_haves;           // ChunkHave request → what it asked
    std::set<std::pair<SpaceId, sdk::BlobId>> push_known;  // held there, or queued/being put
    std::deque<std::pair<SpaceId, sdk::BlobId>> push_queue;
    std::map<std::uint64_t, PutJob> puts;  // put (or being put), not answered yet
};

struct ChunkExchange::TransferState {
    std::uint64_t serial = 0;
    SpaceId space{};
    SpaceBlobStore* store = nullptr;
    std::map<sdk::BlobId, std::uint32_t> wanted;     // not held yet → plaintext size
    std::map<sdk::BlobId, std::uint64_t> in_flight;  // → channel
    std::map<sdk::BlobId, std::set<std::uint64_t>> holders;
    std::map<sdk::BlobId, Error> failed;
    std::set<std::uint64_t> asked, answered, hostile;
    std::uint64_t done = 0, total = 0;
    Clock::time_point last_progress = Clock::now();
};

// ---- the channel a link holds ----

class ChunkExchange::Channel final : public LinkChannel {
public:
    Channel(std::shared_ptr<ChunkExchange> exchange, std::uint64_t serial)
        : exchange_(std::move(exchange)), serial_(serial) {}
    ~Channel() override { exchange_->close_channel(serial_); }
    bool claims(const nv::LinkMessage& message) const override {
        switch (message.body_case()) {
            case nv::LinkMessage::kChunkHave:
            case nv::LinkMessage::kChunkHeld:
            case nv::LinkMessage::kChunkWant:
            case nv::LinkMessage::kChunkPiece:
            case nv::LinkMessage::kChunkRefused:
            case nv::LinkMessage::kChunkStored:
            case nv::LinkMessage::kChunkPut:
                return true;
            default:
                return false;
        }
    }
    Result<void> handle(nv::LinkMessage&& message) override {
        return exchange_->on_message(serial_, std::move(message));
    }
    bool pump(const Sender& send) override { return exchange_->pump(serial_, send); }

private:
    std::shared_ptr<ChunkExchange> exchange_;
    std::uint64_t serial_;
};

// ---- the exchange ----

std::shared_ptr<ChunkExchange> ChunkExchange::create(Host host, ChunkExchangeOptions options) {
    return std::shared_ptr<ChunkExchange>(new ChunkExchange(std::move(host), options));
}

ChunkExchange::ChunkExchange(Host host, ChunkExchangeOptions options)
    : host_(std::move(host)), options_(options) {}

ChunkExchange::~ChunkExchange() = default;

std::unique_ptr<LinkChannel> ChunkExchange::open_channel(const crypto::SignPublicKey& remote,
                                                         bool remote_is_relay) {
    std::uint64_t serial;
    {
        std::lock_guard lock(mutex_);
        serial = next_channel_++;
        auto ch = std::make_unique<ChannelState>();
        ch->serial = serial;
        ch->remote = remote;
        ch->relay = remote_is_relay;
        take_offers();
        if (remote_is_relay)
            for (const auto& [space, store] : offered_) ch->push_scan.insert(space);
        channels_.emplace(serial, std::move(ch));
    }
    changed_.notify_all();
    return std::make_unique<Channel>(shared_from_this(), serial);
}

void ChunkExchange::close_channel(std::uint64_t serial) {
    {
        std::lock_guard lock(mutex_);
        channels_.erase(serial);
        for (auto& [_, weak] : transfers_) {
            auto t = weak.lock();
            if (!t) continue;
            t->asked.erase(serial);
            t->answered.erase(serial);
            for (auto& [id, holders] : t->holders) holders.erase(serial);
            std::erase_if(t->in_flight, [&](const auto& entry) { return entry.second == serial; });
        }
    }
    changed_.notify_all();
    if (host_.wake) host_.wake();  // what this link was fetching goes to the others
}

std::size_t ChunkExchange::channel_count() const {
    std::lock_guard lock(mutex_);
    return channels_.size();
}

ChunkExchangeStats ChunkExchange::stats() const {
    std::lock_guard lock(mutex_);
    return stats_;
}

std::shared_ptr<ChunkTransfer> ChunkExchange::fetch(const SpaceId& space, SpaceBlobStore& store,
                                                    const std::vector<sdk::BlobChunk>& chunks) {
    auto state = std::make_shared<TransferState>();
    state->space = space;
    state->store = &store;
    for (const sdk::BlobChunk& chunk : chunks) {
        if (store.contains(chunk.id) || state->wanted.contains(chunk.id)) continue;
        state->wanted.emplace(chunk.id, chunk.size);
        state->total += chunk.size;
    }
    {
        std::lock_guard lock(mutex_);
        state->serial = next_transfer_++;
        std::erase_if(transfers_, [](const auto& entry) { return entry.second.expired(); });
        transfers_.emplace(state->serial, state);
    }
    if (host_.wake) host_.wake();
    return std::make_shared<ChunkTransfer>(shared_from_this(), std::move(state));
}

void ChunkExchange::offer_to_relays(const SpaceId& space, SpaceBlobStore& store) {
    // Its own lock: a store may open (and be offered) while the exchange holds mutex_.
    {
        std::lock_guard lock(offers_mutex_);
        offers_[space] = &store;
    }
    if (host_.wake) host_.wake();
}

void ChunkExchange::take_offers() {
    std::map<SpaceId, SpaceBlobStore*> offers;
    {
        std::lock_guard lock(offers_mutex_);
        offers.swap(offers_);
    }
    for (const auto& [space, store] : offers) {
        offered_[space] = store;
        for (auto& [serial, ch] : channels_)
            if (ch->relay) ch->push_scan.insert(space);
    }
}

Result<void> ChunkExchange::on_message(std::uint64_t serial, nv::LinkMessage&& message) {
    std::unique_lock lock(mutex_);
    auto it = channels_.find(serial);
    if (it == channels_.end()) return {};
    ChannelState& ch = *it->second;
    switch (message.body_case()) {
        case nv::LinkMessage::kChunkHave:
            on_have(ch, message.chunk_have());
            break;
        case nv::LinkMessage::kChunkHeld:
            on_held(ch, message.chunk_held());
            break;
        case nv::LinkMessage::kChunkWant:
            on_want(ch, message.chunk_want());
            break;
        case nv::LinkMessage::kChunkPiece:
            return on_piece(lock, ch, *message.mutable_chunk_piece());
        case nv::LinkMessage::kChunkRefused:
            on_refused(ch, message.chunk_refused());
            break;
        case nv::LinkMessage::kChunkStored:
            on_stored(ch, message.chunk_stored());
            break;
        default:
            break;
    }
    return {};
}

void ChunkExchange::on_have(ChannelState& ch, const nv::ChunkHave& have) {
    auto space = fixed_from<kSpaceIdSize>(as_bytes(have.space_id()));
    if (!space || have.ids_size() > static_cast<int>(kMaxIdsPerHave) || ch.relay) {
        ch.outbox.push_back(refusal(have.request(), nv::CHUNK_INVALID));
        return;
    }
    if (!host_.is_member(*space, ch.remote)) {
        ++stats_.refused_not_member;
        ch.outbox.push_back(refusal(have.request(), nv::CHUNK_NOT_MEMBER));
        return;
    }
    auto store = host_.store(*space);
    nv::LinkMessage m;
    auto* held = m.mutable_chunk_held();
    held->set_space_id(have.space_id());
    held->set_request(have.request());
    std::string bitmap((have.ids_size() + 7) / 8, '\0');
    for (int i = 0; i < have.ids_size(); ++i) {
        auto id = blob_id_from(have.ids(i));
        if (id && store.ok() && (*store)->contains(*id))
            bitmap[i / 8] = static_cast<char>(bitmap[i / 8] | (1 << (i % 8)));
    }
    held->set_bitmap(std::move(bitmap));
    ch.outbox.push_back(std::move(m));
}

void ChunkExchange::on_held(ChannelState& ch, const nv::ChunkHeld& held) {
    if (on_push_answer(ch, held.request(), &held.bitmap(), nullptr)) return;
    auto ask = ch.haves.find(held.request());
    if (ask == ch.haves.end()) return;
    HaveAsk asked = std::move(ask->second);
    ch.haves.erase(ask);
    auto t = transfer(asked.transfer);
    if (!t) return;
    const std::string& bitmap = held.bitmap();
    for (std::size_t i = 0; i < asked.ids.size(); ++i) {
        bool bit = i / 8 < bitmap.size() && (bitmap[i / 8] >> (i % 8)) & 1;
        if (bit && t->wanted.contains(asked.ids[i])) t->holders[asked.ids[i]].insert(ch.serial);
    }
    bool more_asked = false;
    for (const auto& [_, other] : ch.haves) more_asked = more_asked || other.transfer == t->serial;
    if (!more_asked) t->answered.insert(ch.serial);
    changed_.notify_all();
}

void ChunkExchange::on_want(ChannelState& ch, const nv::ChunkWant& want) {
    auto space = fixed_from<kSpaceIdSize>(as_bytes(want.space_id()));
    auto id = blob_id_from(want.id());
    if (!space || !id || ch.relay) {
        ch.outbox.push_back(refusal(want.request(), nv::CHUNK_INVALID));
        return;
    }
    if (ch.queue.size() >= options_.queued_wants_per_link) {
        ch.outbox.push_back(refusal(want.request(), nv::CHUNK_BUSY));
        return;
    }
    if (!host_.is_member(*space, ch.remote)) {
        ++stats_.refused_not_member;
        ch.outbox.push_back(refusal(want.request(), nv::CHUNK_NOT_MEMBER));
        return;
    }
    auto store = host_.store(*space);
    if (!store.ok() || !(*store)->contains(*id)) {
        ch.outbox.push_back(refusal(want.request(), nv::CHUNK_NOT_HELD));
        return;
    }
    ch.queue.push_back({want.request(), *space, *id, want.offset()});
}

std::shared_ptr<ChunkExchange::TransferState> ChunkExchange::transfer(std::uint64_t serial) const {
    auto found = transfers_.find(serial);
    return found == transfers_.end() ? nullptr : found->second.lock();
}

Result<void> ChunkExchange::on_piece(std::unique_lock<std::mutex>& lock, ChannelState& ch,
                                     nv::ChunkPiece& piece) {
    auto it = ch.incoming.find(piece.request());
    if (it == ch.incoming.end()) return {};  // a request given up (its transfer ended)
    Incoming& in = it->second;
    const std::uint64_t channel = ch.serial;
    auto t = transfer(in.transfer);
    auto give_up_on_source = [&](const char* why) {
        if (t) {
            t->hostile.insert(channel);
            t->in_flight.erase(in.id);
            t->holders[in.id].erase(channel);
        }
        ++stats_.rejected_chunks;
        ch.incoming.erase(it);
        changed_.notify_all();
        return make_error(ErrorCode::DataLoss, why);
    };
    if (in.data.empty()) in.sealed_size = piece.sealed_size();
    if (in.sealed_size == 0 || in.sealed_size > kMaxSealedSize ||
        piece.sealed_size() != in.sealed_size || piece.offset() != in.data.size() ||
        piece.data().size() > in.sealed_size - in.data.size() ||
        piece.data().size() > 2 * options_.piece_size)
        return give_up_on_source("a chunk piece out of order or beyond its announced size");
    in.data.insert(in.data.end(), piece.data().begin(), piece.data().end());
    if (!piece.last()) return {};
    if (in.data.size() != in.sealed_size)
        return give_up_on_source("a chunk ended before its announced size");
    Incoming done = std::move(in);
    ch.incoming.erase(it);
    if (!t) return {};
    // Verify and store outside the lock (decrypt, hash, fsync).
    lock.unlock();
    auto accepted = t->store->accept_sealed(done.id, done.data);
    lock.lock();
    t->in_flight.erase(done.id);
    if (accepted.ok()) {
        auto wanted = t->wanted.find(done.id);
        if (wanted != t->wanted.end()) {
            t->done += wanted->second;
            t->wanted.erase(wanted);
        }
        t->last_progress = Clock::now();
        ++stats_.chunks_fetched;
        stats_.bytes_fetched += done.data.size();
    } else if (accepted.error().code == ErrorCode::DataLoss ||
               accepted.error().code == ErrorCode::InvalidArgument) {
        // Wrong bytes: this source is not asked again for this transfer; another one is.
        t->hostile.insert(channel);
        t->holders[done.id].erase(channel);
        ++stats_.rejected_chunks;
        if (host_.wake) host_.wake();
    } else {
        t->failed.emplace(done.id, accepted.error());  // disk full, locked: no source helps
    }
    changed_.notify_all();
    return {};
}

void ChunkExchange::on_refused(ChannelState& ch, const nv::ChunkRefused& refused) {
    if (on_push_answer(ch, refused.request(), nullptr, &refused)) return;
    if (auto ask = ch.haves.find(refused.request()); ask != ch.haves.end()) {
        if (auto t = transfer(ask->second.transfer)) t->answered.insert(ch.serial);
        ch.haves.erase(ask);
    } else if (auto in = ch.incoming.find(refused.request()); in != ch.incoming.end()) {
        if (auto t = transfer(in->second.transfer)) {
            t->in_flight.erase(in->second.id);
            // BUSY: ask again later; anything else: this source will not serve it.
            if (refused.reason() != nv::CHUNK_BUSY) t->holders[in->second.id].erase(ch.serial);
        }
        ch.incoming.erase(in);
        if (host_.wake) host_.wake();
    }
    changed_.notify_all();
}

void ChunkExchange::ask_holders(ChannelState& ch) {
    for (auto& [serial, weak] : transfers_) {
        auto t = weak.lock();
        if (!t || t->asked.contains(ch.serial) || t->wanted.empty()) continue;
        t->asked.insert(ch.serial);
        // Only the space's member devices (and relays, which serve members only) are asked.
        if (!ch.relay && !host_.is_member(t->space, ch.remote)) {
            t->answered.insert(ch.serial);
            continue;
        }
        HaveAsk ask{t->serial, {}};
        auto flush = [&] {
            nv::LinkMessage m;
            auto* have = m.mutable_chunk_have();
            have->set_space_id(to_string(ByteView(t->space)));
            const std::uint64_t request = next_request_++;
            have->set_request(request);
            for (const auto& id : ask.ids) have->add_ids(id_string(id));
            ch.outbox.push_back(std::move(m));
            ch.haves.emplace(request, std::move(ask));
            ask = HaveAsk{t->serial, {}};
        };
        for (const auto& [id, _] : t->wanted) {
            ask.ids.push_back(id);
            if (ask.ids.size() == kMaxIdsPerHave) flush();
        }
        if (!ask.ids.empty()) flush();
    }
}

void ChunkExchange::send_wants(ChannelState& ch) {
    for (auto& [serial, weak] : transfers_) {
        if (ch.incoming.size() >= options_.wants_per_source) return;
        auto t = weak.lock();
        if (!t || t->hostile.contains(ch.serial)) continue;
        for (const auto& [id, _] : t->wanted) {
            if (ch.incoming.size() >= options_.wants_per_source) break;
            if (t->in_flight.contains(id) || t->failed.contains(id)) continue;
            auto holders = t->holders.find(id);
            if (holders == t->holders.end() || !holders->second.contains(ch.serial)) continue;
            const std::uint64_t request = next_request_++;
            nv::LinkMessage m;
            auto* want = m.mutable_chunk_want();
            want->set_space_id(to_string(ByteView(t->space)));
            want->set_id(id_string(id));
            want->set_request(request);
            ch.outbox.push_back(std::move(m));
            ch.incoming.emplace(request, Incoming{t->serial, id, {}, 0});
            t->in_flight.emplace(id, ch.serial);
        }
    }
}

bool ChunkExchange::serve(ChannelState& ch) {
    for (std::size_t sent = 0; sent < options_.pieces_per_pump;) {
        if (!ch.serving) {
            if (ch.queue.empty()) return false;
            ServeJob job = ch.queue.front();
            ch.queue.pop_front();
            // Membership is checked again when serving: a removal may have arrived meanwhile.
            auto store = host_.is_member(job.space, ch.remote)
                             ? host_.store(job.space)
                             : Result<SpaceBlobStore*>(make_error(ErrorCode::PermissionDenied, ""));
            auto sealed = store.ok() ? (*store)->sealed(job.id) : Result<Bytes>(store.error());
            if (!sealed.ok() || job.offset >= sealed->size()) {
                ch.outbox.push_back(
                    refusal(job.request, store.ok() ? nv::CHUNK_NOT_HELD : nv::CHUNK_NOT_MEMBER));
                continue;
            }
            ch.serving = job;
            ch.serving_bytes = std::move(*sealed);
        }
        ServeJob& job = *ch.serving;
        const std::size_t size = ch.serving_bytes.size();
        const std::size_t n = std::min(options_.piece_size, size - job.offset);
        nv::LinkMessage m;
        auto* piece = m.mutable_chunk_piece();
        piece->set_request(job.request);
        piece->set_offset(job.offset);
        piece->set_sealed_size(static_cast<std::uint32_t>(size));
        piece->set_data(reinterpret_cast<const char*>(ch.serving_bytes.data()) + job.offset, n);
        job.offset += static_cast<std::uint32_t>(n);
        piece->set_last(job.offset == size);
        stats_.bytes_served += n;
        ch.outbox.push_back(std::move(m));
        ++sent;
        if (job.offset == size) {
            ++stats_.chunks_served;
            ch.serving.reset();
            ch.serving_bytes = Bytes();
        }
    }
    return ch.serving.has_value() || !ch.queue.empty();
}

bool ChunkExchange::pump(std::uint64_t serial, const LinkChannel::Sender& send) {
    std::deque<nv::LinkMessage> out;
    bool more = false;
    {
        std::lock_guard lock(mutex_);
        auto it = channels_.find(serial);
        if (it == channels_.end()) return false;
        take_offers();
        ChannelState& ch = *it->second;
        ask_holders(ch);
        send_wants(ch);
        more = serve(ch);
        if (ch.relay) {
            std::size_t budget = options_.pieces_per_pump;
            push_to_relay(ch, budget);
            more = more || budget == 0;
        }
        out.swap(ch.outbox);
    }
    for (auto& m : out) send(std::move(m));
    return more;
}

// ---- this device's chunks handed to relays ----

void ChunkExchange::on_stored(ChannelState& ch, const nv::ChunkStored& stored) {
    auto it = ch.puts.find(stored.request());
    if (it == ch.puts.end()) return;
    ++stats_.chunks_pushed;
    stats_.bytes_pushed += it->second.size;
    ch.puts.erase(it);
    if (host_.wake) host_.wake();
}

// The relay's answer to a ChunkHave or ChunkPut of this device's own chunks (false: not one).
bool ChunkExchange::on_push_answer(ChannelState& ch, std::uint64_t request,
                                   const std::string* bitmap, const nv::ChunkRefused* refused) {
    const auto retry = [&](const SpaceId& space, int times) {
        auto at = Clock::now() + options_.push_retry_after * times;
        auto [it, fresh] = ch.push_retry.emplace(space, at);
        if (!fresh) it->second = std::max(it->second, at);
    };
    if (auto ask = ch.push_haves.find(request); ask != ch.push_haves.end()) {
        PushAsk asked = std::move(ask->second);
        ch.push_haves.erase(ask);
        if (refused) {
            // Not a member there (yet: the relay may not hold the space's roster): again later.
            for (const auto& id : asked.ids) ch.push_known.erase({asked.space, id});
            retry(asked.space, 1);
            return true;
        }
        for (std::size_t i = 0; i < asked.ids.size(); ++i) {
            const bool held = i / 8 < bitmap->size() && ((*bitmap)[i / 8] >> (i % 8)) & 1;
            if (!held) ch.push_queue.emplace_back(asked.space, asked.ids[i]);
        }
        if (host_.wake) host_.wake();
        return true;
    }
    auto put = ch.puts.find(request);
    if (put == ch.puts.end() || !refused) return false;
    const SpaceId space = put->second.space;
    const sdk::BlobId id = put->second.id;
    ch.puts.erase(put);
    if (refused->reason() == nv::CHUNK_BUSY) {
        ch.push_queue.emplace_front(space, id);  // put again (the relay is receiving a lot)
        return true;
    }
    // Quota, membership, a malformed chunk: nothing more of the space goes to this relay now;
    // what it lacks is offered again later (retention or an operator may make room).
    ++stats_.pushes_refused;
    stats_.push_problem =
        refused->message().empty()
            ? "the relay refused a chunk (" + nv::ChunkRefusalReason_Name(refused->reason()) + ")"
            : refused->message();
    ch.push_known.erase({space, id});
    std::erase_if(ch.push_queue, [&](const auto& queued) {
        if (queued.first != space) return false;
        ch.push_known.erase(queued);
        return true;
    });
    retry(space, refused->reason() == nv::CHUNK_NOT_MEMBER ? 1 : 30);
    return true;
}

void ChunkExchange::push_to_relay(ChannelState& ch, std::size_t& budget) {
    const auto now = Clock::now();
    for (auto it = ch.push_retry.begin(); it != ch.push_retry.end();) {
        if (it->second > now) {
            ++it;
            continue;
        }
        ch.push_scan.insert(it->first);
        it = ch.push_retry.erase(it);
    }
    for (const SpaceId& space : ch.push_scan) {
        if (ch.push_retry.contains(space)) continue;
        auto offered = offered_.find(space);
        if (offered == offered_.end()) continue;
        PushAsk ask{space, {}};
        auto flush = [&] {
            nv::LinkMessage m;
            auto* have = m.mutable_chunk_have();
            have->set_space_id(to_string(ByteView(space)));
            const std::uint64_t request = next_request_++;
            have->set_request(request);
            for (const auto& id : ask.ids) have->add_ids(id_string(id));
            ch.outbox.push_back(std::move(m));
            ch.push_haves.emplace(request, std::move(ask));
            ask = PushAsk{space, {}};
        };
        for (const sdk::BlobId& id : offered->second->local_chunks()) {
            if (!ch.push_known.insert({space, id}).second) continue;
            ask.ids.push_back(id);
            if (ask.ids.size() == kMaxIdsPerHave) flush();
        }
        if (!ask.ids.empty()) flush();
    }
    ch.push_scan.clear();
    // Puts: at most puts_per_relay unanswered, their pieces in order, `budget` pieces per pump.
    while (budget > 0) {
        PutJob* job = nullptr;
        for (auto& [request, p] : ch.puts)
            if (p.offset < p.size) {
                job = &p;
                break;
            }
        if (!job) {
            if (ch.puts.size() >= options_.puts_per_relay || ch.push_queue.empty()) return;
            auto [space, id] = ch.push_queue.front();
            ch.push_queue.pop_front();
            auto offered = offered_.find(space);
            auto sealed = offered == offered_.end()
                              ? Result<Bytes>(make_error(ErrorCode::NotFound, ""))
                              : offered->second->sealed(id);
            if (!sealed.ok()) {  // collected meanwhile: nothing to hand over
                ch.push_known.erase({space, id});
                continue;
            }
            const std::uint64_t request = next_request_++;
            const std::uint64_t size = sealed->size();
            job = &ch.puts.emplace(request, PutJob{request, space, id, 0, size, std::move(*sealed)})
                       .first->second;
        }
        const std::size_t size = job->size;
        const std::size_t n = std::min(options_.piece_size, size - job->offset);
        nv::LinkMessage m;
        auto* put = m.mutable_chunk_put();
        if (job->offset == 0) {
            put->set_space_id(to_string(ByteView(job->space)));
            put->set_id(id_string(job->id));
        }
        put->set_request(job->request);
        put->set_offset(job->offset);
        put->set_sealed_size(static_cast<std::uint32_t>(size));
        put->set_data(reinterpret_cast<const char*>(job->sealed.data()) + job->offset, n);
        job->offset += static_cast<std::uint32_t>(n);
        put->set_last(job->offset == size);
        if (job->offset == size) job->sealed = Bytes();
        ch.outbox.push_back(std::move(m));
        --budget;
    }
}

// ---- a transfer ----

ChunkTransfer::ChunkTransfer(std::shared_ptr<ChunkExchange> exchange,
                             std::shared_ptr<ChunkExchange::TransferState> state)
    : exchange_(std::move(exchange)), state_(std::move(state)) {}

ChunkTransfer::~ChunkTransfer() {
    std::lock_guard lock(exchange_->mutex_);
    exchange_->transfers_.erase(state_->serial);
}

sdk::BlobProgress ChunkTransfer::progress() const {
    std::lock_guard lock(exchange_->mutex_);
    return {state_->done, state_->total};
}

Result<void> ChunkTransfer::wait_for(const sdk::BlobId& id) {
    auto& ex = *exchange_;
    std::unique_lock lock(ex.mutex_);
    std::optional<Clock::time_point> unreachable_since;
    for (;;) {
        auto& t = *state_;
        if (!t.wanted.contains(id)) return {};
        if (!t.in_flight.contains(id) && t.store->contains(id)) {  // arrived by another transfer
            t.done += t.wanted[id];
            t.wanted.erase(id);
            return {};
        }
        if (auto failed = t.failed.find(id); failed != t.failed.end()) return failed->second;
        const auto now = Clock::now();
        // Reachable: in flight, or some live source holds it, or a member was asked and has not
        // answered yet.
        bool reachable = t.in_flight.contains(id);
        if (auto h = t.holders.find(id); h != t.holders.end())
            for (auto source : h->second) reachable = reachable || !t.hostile.contains(source);
        for (auto asked : t.asked) reachable = reachable || !t.answered.contains(asked);
        if (reachable) {
            unreachable_since.reset();
        } else {
            if (!unreachable_since) unreachable_since = now;
            if (now - *unreachable_since >= ex.options_.unreachable_after)
                return make_error(
                    t.hostile.empty() ? ErrorCode::Unavailable : ErrorCode::DataLoss,
                    t.hostile.empty()
                        ? "no connected member device holds a chunk of this content"
                        : "the devices holding a chunk of this content served wrong bytes");
        }
        if (now - t.last_progress >= ex.options_.idle_timeout)
            return make_error(ErrorCode::Unavailable, "the transfer received nothing for too long");
        ex.changed_.wait_for(lock, std::chrono::milliseconds(50));
    }
}

Result<void> ChunkTransfer::wait_all(const sdk::BlobProgressFn& progress) {
    std::vector<sdk::BlobId> ids;
    {
        std::lock_guard lock(exchange_->mutex_);
        for (const auto& [id, _] : state_->wanted) ids.push_back(id);
    }
    sdk::BlobProgress last{};
    for (const auto& id : ids) {
        auto r = wait_for(id);
        if (!r.ok()) return r;
        auto now = this->progress();
        if (progress && now.done != last.done) progress(now);
        last = now;
    }
    return {};
}

}  // namespace grove::platform::blob
