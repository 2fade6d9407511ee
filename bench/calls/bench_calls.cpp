// Prints the mouth-to-ear latency of a call (a tone burst captured on one peer to the moment its
// onset is played on another, sound device excluded) over loopback links direct and through a
// relay, with the jitter buffer's share; and the CPU one member of an 8-member call spends on
// audio (cleaning, encoding, sealing, opening 7 streams, jitter buffers, decoding, mixing).
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <mutex>
#include <thread>

#include "blob/peer_epoch_keys.h"
#include "calls/call_session.h"
#include "calls/voice_processor.h"
#include "crypto/primitives.h"
#include "grove_test/temp_dir.h"
#include "net/peer_node.h"
#include "net/relay_server.h"

using namespace grove;
using namespace grove::platform;
using namespace grove::platform::calls;
using namespace grove::platform::net;
using Clock = std::chrono::steady_clock;

namespace {

double ms_since(Clock::time_point origin, Clock::time_point t) {
    return std::chrono::duration<double, std::milli>(t - origin).count();
}

struct Member {
    test::TempDir dir;
    std::unique_ptr<Peer> peer;
    std::unique_ptr<PeerNode> node;
};

std::unique_ptr<Member> member(const std::string& name, PeerNodeOptions options) {
    auto m = std::make_unique<Member>();
    auto peer = Peer::open(m->dir.path() / "profile");
    if (!peer.ok()) return nullptr;
    m->peer = std::move(*peer);
    if (!m->peer->create_account(name, "correct horse battery").ok()) return nullptr;
    auto node = PeerNode::start(*m->peer, options);
    if (!node.ok()) return nullptr;
    m->node = std::move(*node);
    return m;
}

std::shared_ptr<CallKeys> keys_for(Peer& peer, const SpaceId& space) {
    return std::make_shared<CallKeys>(std::make_shared<blob::PeerEpochKeys>(peer, space), space);
}

double percentile(std::vector<double> v, double p) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, static_cast<std::size_t>(p * v.size()))];
}

// Real-time: the speaker captures a 20 ms frame every 20 ms (a 20 ms 1 kHz burst every 500 ms,
// faint noise otherwise); the listener pulls the mix every 20 ms and finds each burst's onset.
void latency(const char* label, CallSession& speaker, CallSession& listener, int bursts) {
    CallReceiver receiver;
    std::mutex mutex;
    const auto origin = Clock::now();
    listener.set_audio_sink([&](const AudioPacket& p, std::int64_t) {
        receiver.push(p, static_cast<std::int64_t>(ms_since(origin, Clock::now())));
    });
    std::vector<double> sent_at;  // capture time of each burst's first sample (ms since origin)
    std::vector<double> heard_at;
    std::atomic<bool> done{false};
    std::vector<double> buffer_delay;
    std::thread player([&] {
        auto next = origin;
        bool in_burst = false;
        while (!done) {
            next += std::chrono::milliseconds(20);
            std::this_thread::sleep_until(next);
            const double t = ms_since(origin, Clock::now());
            Pcm frame = receiver.pull(static_cast<std::int64_t>(t));
            for (std::size_t i = 0; i < frame.size(); ++i) {
                const bool loud = std::abs(frame[i]) > 3000;
                if (loud && !in_burst) heard_at.push_back(t + i / 48.0);
                if (loud) in_burst = true;
                if (!loud && i % 480 == 0) {
                    // Quiet for a 10 ms stretch ends the burst.
                    bool quiet = true;
                    for (std::size_t k = i; k < std::min(frame.size(), i + 480); ++k)
                        quiet = quiet && std::abs(frame[k]) < 1000;
                    if (quiet) in_burst = false;
                }
            }
            for (auto& s : receiver.stats()) buffer_delay.push_back(s.jitter.current_delay_ms);
        }
    });
    auto next = origin;
    std::uint32_t noise = 1;
    for (int f = 0; f < bursts * 25; ++f) {
        next += std::chrono::milliseconds(20);
        std::this_thread::sleep_until(next);
        const double captured_end = ms_since(origin, Clock::now());
        Pcm frame(kFrameSamples);
        for (auto& s : frame) {
            noise = noise * 1664525 + 1013904223;
            s = static_cast<std::int16_t>((noise >> 16) % 200) - 100;
        }
        if (f % 25 == 5) {
            for (std::size_t i = 0; i < 240; ++i)
                frame[i] =
                    static_cast<std::int16_t>(20000 * std::sin(2 * M_PI * 1000 * i / 48000.0));
            sent_at.push_back(captured_end - 20.0);  // its first sample was captured 20 ms earlier
        }
        (void)speaker.send_audio(frame);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(800));
    done = true;
    player.join();
    listener.set_audio_sink({});
    std::vector<double> lat;
    for (double s : sent_at) {
        auto it = std::lower_bound(heard_at.begin(), heard_at.end(), s);
        // Bursts are 500 ms apart: an onset more than 400 ms later is the next burst's.
        if (it != heard_at.end() && *it - s < 400) lat.push_back(*it - s);
    }
    std::printf(
        "%-22s bursts %zu/%zu heard  mouth-to-ear p50 %6.1f ms  p95 %6.1f ms  max %6.1f ms"
        "  jitter buffer p50 %5.1f ms\n",
        label, lat.size(), sent_at.size(), percentile(lat, 0.5), percentile(lat, 0.95),
        lat.empty() ? 0 : *std::max_element(lat.begin(), lat.end()), percentile(buffer_delay, 0.5));
}

double thread_cpu_ms() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

// One member's audio work in an 8-member call where everyone talks, without links: its own
// frame cleaned, encoded and sealed; 7 others' frames opened, buffered, decoded and mixed.
void cpu_per_member(int members, int seconds) {
    struct FakeEpochs final : blob::EpochKeySource {
        crypto::SymmetricKey key = crypto::random_symmetric_key();
        std::uint32_t current_epoch() const override { return 1; }
        std::optional<crypto::SymmetricKey> epoch_key(std::uint32_t) const override { return key; }
    };
    SpaceId space{};
    auto keys = std::make_shared<CallKeys>(std::make_shared<FakeEpochs>(), space);
    std::vector<OpusVoiceEncoder> encoders;
    std::vector<std::unique_ptr<CallFrameSealer>> sealers;
    for (int i = 0; i < members; ++i) {
        auto encoder = OpusVoiceEncoder::create();
        if (!encoder.ok()) std::abort();
        encoders.push_back(std::move(*encoder));
        crypto::SignPublicKey d{};
        d[0] = static_cast<std::uint8_t>(i + 1);
        sealers.push_back(std::make_unique<CallFrameSealer>(keys, d));
    }
    // The others' frames are prepared outside the measurement (their own CPU, not ours).
    const int frames = seconds * 50;
    auto voice = [](int who, int f, std::size_t i) {
        const double t = (f * 960.0 + i) / 48000.0;
        const double f0 = 110 + 20 * who;
        double v = 0;
        for (int h = 1; h <= 6; ++h) v += std::sin(2 * M_PI * f0 * h * t) / h;
        return static_cast<std::int16_t>(5000 * v * (0.6 + 0.4 * std::sin(2 * M_PI * 3 * t)));
    };
    std::vector<std::vector<grove::net::v1::CallFrame>> others(members);
    for (int m = 1; m < members; ++m)
        for (int f = 0; f < frames; ++f) {
            Pcm pcm(kFrameSamples);
            for (std::size_t i = 0; i < kFrameSamples; ++i) pcm[i] = voice(m, f, i);
            grove::net::v1::CallPayload p;
            auto packet = *encoders[m].encode(pcm);
            p.mutable_audio()->set_frame(f);
            p.mutable_audio()->set_opus(packet.data(), packet.size());
            others[m].push_back(*sealers[m]->seal(p));
        }
    auto processor = VoiceProcessor::create();
    CallFrameOpener opener(keys);
    CallReceiver receiver;
    std::size_t bytes = 0, packets = 0;
    const double start = thread_cpu_ms();
    for (int f = 0; f < frames; ++f) {
        Pcm mic(kFrameSamples);
        for (std::size_t i = 0; i < kFrameSamples; ++i) mic[i] = voice(0, f, i);
        (*processor)->capture(mic);
        auto packet = *encoders[0].encode(mic);
        grove::net::v1::CallPayload p;
        p.mutable_audio()->set_frame(f);
        p.mutable_audio()->set_opus(packet.data(), packet.size());
        auto sealed = *sealers[0]->seal(p);
        bytes += sealed.ByteSizeLong();
        ++packets;
        for (int m = 1; m < members; ++m) {
            crypto::SignPublicKey d{};
            d[0] = static_cast<std::uint8_t>(m + 1);
            auto opened = opener.open(d, others[m][f]);
            if (auto* o = std::get_if<OpenedFrame>(&opened)) {
                const auto& a = o->payload.audio();
                receiver.push({d, o->stream, a.frame(),
                               std::vector<std::uint8_t>(a.opus().begin(), a.opus().end()), 0},
                              f * 20 + 20);
            }
        }
        Pcm out = receiver.pull(f * 20 + 20);
        (*processor)->render(out);
    }
    const double cpu = thread_cpu_ms() - start;
    const double audio_ms = frames * 20.0;
    std::printf(
        "%d-member call: CPU per member %.1f %% of a core (%.0f ms for %.0f s of audio); "
        "stream %.1f kbit/s on the wire (sealed frame, before link framing)\n",
        members, 100 * cpu / audio_ms, cpu, audio_ms / 1000,
        bytes * 8.0 / (audio_ms / 1000) / 1000);
}

}  // namespace

int main() {
    crypto::initialize();
    cpu_per_member(8, 10);

    test::TempDir relay_dir;
    RelayOptions ro;
    ro.data = relay_dir.path();
    ro.listen = "127.0.0.1:0";
    auto relay = RelayServer::start(ro);
    if (!relay.ok()) return std::fprintf(stderr, "relay: %s\n", relay.error().message.c_str()), 1;
    PeerNodeOptions oa;
    oa.listen = "127.0.0.1:0";
    oa.relays = {(*relay)->listen_address()};
    auto ada = member("Ada", oa);
    if (!ada) return std::fprintf(stderr, "ada did not start\n"), 1;
    PeerNodeOptions ob;
    ob.peers = {ada->node->listen_address()};
    auto bob = member("Bob", ob);
    PeerNodeOptions oc;
    oc.relays = {(*relay)->listen_address()};
    oc.keep_join_link = false;
    auto cy = member("Cy", oc);
    if (!bob || !cy) return std::fprintf(stderr, "peers did not start\n"), 1;
    auto space = ada->peer->create_space("Talk");
    auto ib = ada->peer->create_invitation(space->id, Role::Participant, INT64_MAX / 2,
                                           {ada->node->listen_address()});
    auto ic =
        ada->peer->create_invitation(space->id, Role::Participant, INT64_MAX / 2,
                                     {ada->node->listen_address(), (*relay)->listen_address()});
    if (!bob->node->join(ib->code, std::chrono::seconds(30)).ok() ||
        !cy->node->join(ic->code, std::chrono::seconds(30)).ok())
        return std::fprintf(stderr, "joining failed\n"), 1;
    const SpaceId sid = *fixed_from<kSpaceIdSize>(*from_hex(space->id));
    auto sa = CallSession::create(*ada->peer, keys_for(*ada->peer, sid));
    auto sb = CallSession::create(*bob->peer, keys_for(*bob->peer, sid));
    auto sc = CallSession::create(*cy->peer, keys_for(*cy->peer, sid));
    (void)(*sa)->join(), (void)(*sb)->join(), (void)(*sc)->join();
    // Wait until the relay forwards Ada's signals to Cy (its hellos admitted on both links).
    for (int i = 0; i < 600 && (*sc)->participants().empty(); ++i) {
        (void)(*sa)->tick();
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    latency("loopback direct", **sa, **sb, 40);
    latency("loopback via relay", **sa, **sc, 40);
    std::printf("relay: %llu frames forwarded, %llu dropped, stored deltas %llu\n",
                static_cast<unsigned long long>((*relay)->status().call_frames_forwarded()),
                static_cast<unsigned long long>((*relay)->status().call_frames_dropped()),
                static_cast<unsigned long long>((*relay)->status().stored_deltas()));
    sa->reset(), sb->reset(), sc->reset();
    cy->node->stop();
    bob->node->stop();
    ada->node->stop();
    (*relay)->stop();
    return 0;
}
