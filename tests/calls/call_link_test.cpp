// Calls over real links on loopback: Ada and Bob linked directly, Cy only through a relay. Speech
// from espeak-ng goes from Ada to both; delivery, similarity after a seeded lossy/jittery model,
// the relay forwarding without storing, a removed member hearing nothing and unable to speak, a
// member that vanishes without leaving timed out.
#include <gtest/gtest.h>

#include <cstdio>
#include <thread>

#include "audio_signals.h"
#include "blob/peer_epoch_keys.h"
#include "calls/call_session.h"
#include "core/space.h"
#include "core/space_journal.h"
#include "net/peer_node.h"
#include "net/relay_server.h"
#include "replication_support.h"

using namespace grove;
using namespace grove::platform;
using namespace grove::platform::calls;
using namespace grove::platform::net;
using grove::test::in_days;
using grove::test::make_account;
using grove::test::wait_until;
namespace audio = grove::test::audio;

namespace {

// One member's end of the call: its session and what it received, in arrival order.
struct Ear {
    std::mutex mutex;
    std::vector<AudioPacket> packets;
    std::unique_ptr<CallSession> session;  // last: destroyed first (its sink uses the above)
    std::size_t from(const crypto::SignPublicKey& sender) {
        std::lock_guard lock(mutex);
        return std::count_if(packets.begin(), packets.end(),
                             [&](const AudioPacket& p) { return p.sender == sender; });
    }
    void attach(Peer& peer, const SpaceId& space) {
        auto keys =
            std::make_shared<CallKeys>(std::make_shared<blob::PeerEpochKeys>(peer, space), space);
        CallSessionOptions options;
        options.participant_timeout_ms = 2000;
        auto s = CallSession::create(peer, keys, options);
        ASSERT_TRUE(s.ok()) << s.error().message;
        session = std::move(*s);
        session->set_audio_sink([this](const AudioPacket& p, std::int64_t) {
            std::lock_guard lock(mutex);
            packets.push_back(p);
        });
    }
    bool hears(const crypto::SignPublicKey& device) {
        for (const auto& p : session->participants())
            if (p.device == device) return true;
        return false;
    }
    // The received packets of `sender` played through `net` in virtual time.
    Pcm playout(const crypto::SignPublicKey& sender, audio::NetworkModel net, std::size_t frames) {
        std::vector<std::pair<std::int64_t, AudioPacket>> arrivals;
        {
            std::lock_guard lock(mutex);
            for (const auto& p : packets)
                if (p.sender == sender)
                    if (auto at = net.arrival(p.frame); at >= 0) arrivals.push_back({at, p});
        }
        std::stable_sort(arrivals.begin(), arrivals.end(),
                         [](const auto& a, const auto& b) { return a.first < b.first; });
        CallReceiver receiver;
        Pcm out;
        std::size_t next = 0;
        for (std::int64_t t = 0; t < static_cast<std::int64_t>(frames) * 20 + 1000; t += 20) {
            while (next < arrivals.size() && arrivals[next].first <= t)
                receiver.push(arrivals[next].second, arrivals[next].first), ++next;
            Pcm frame = receiver.pull(t);
            out.insert(out.end(), frame.begin(), frame.end());
        }
        return out;
    }
};

crypto::SignPublicKey device_of(Peer& peer) {
    return *fixed_from<32>(*from_hex(peer.account()->device_id));
}

std::uint32_t epoch_of(Peer& peer, const SpaceId& space) {
    return blob::PeerEpochKeys(peer, space).current_epoch();
}

// Speaks `speech` into `ear`'s session, pacing frames at about 10 ms; returns frames sent
// (a removed member's sends are refused by its own peer once it learned of the removal).
std::uint64_t speak(Ear& ear, const Pcm& speech) {
    const std::uint64_t before = ear.session->counters().frames_sent;
    for (std::size_t f = 0; f + 1 <= speech.size() / kFrameSamples; ++f) {
        (void)ear.session->send_audio(std::span(speech).subspan(f * kFrameSamples, kFrameSamples));
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return ear.session->counters().frames_sent - before;
}

bool at_least_99_percent(std::size_t got, std::uint64_t sent) {
    return got * 100 >= sent * 99;
}

}  // namespace

TEST(CallLinks, SpeechReachesADirectPeerAndARelayOnlyPeerAndRemovalSilences) {
    grove::test::TempDir relay_dir, speech_dir;
    const Pcm speech = audio::speech(
        "Grove lets a team talk while they work. The relay forwards our voices but keeps nothing.",
        speech_dir.path());
    ASSERT_FALSE(speech.empty()) << "espeak-ng and sox are needed (scripts/setup.sh)";

    RelayOptions ro;
    ro.data = relay_dir.path();
    ro.listen = "127.0.0.1:0";
    auto relay = RelayServer::start(ro);
    ASSERT_TRUE(relay.ok()) << relay.error().message;
    const std::string relay_addr = (*relay)->listen_address();

    auto ada = make_account("Ada");
    auto bob = make_account("Bob");
    auto cy = make_account("Cy");
    PeerNodeOptions oa;
    oa.listen = "127.0.0.1:0";
    oa.relays = {relay_addr};
    oa.tick = std::chrono::milliseconds(300);
    auto na = PeerNode::start(*ada.peer, oa);
    ASSERT_TRUE(na.ok()) << na.error().message;
    const std::string ada_addr = (*na)->listen_address();
    PeerNodeOptions ob;  // Bob: directly linked to Ada only
    ob.listen = "127.0.0.1:0";
    ob.peers = {ada_addr};
    ob.tick = std::chrono::milliseconds(300);
    auto nb = PeerNode::start(*bob.peer, ob);
    ASSERT_TRUE(nb.ok());
    PeerNodeOptions oc;  // Cy: reachable only through the relay
    oc.relays = {relay_addr};
    oc.keep_join_link = false;
    oc.tick = std::chrono::milliseconds(300);
    auto nc = PeerNode::start(*cy.peer, oc);
    ASSERT_TRUE(nc.ok());

    auto space = ada.peer->create_space("Talk");
    ASSERT_TRUE(space.ok());
    auto ib = ada.peer->create_invitation(space->id, Role::Participant, in_days(7), {ada_addr});
    auto ic = ada.peer->create_invitation(space->id, Role::Participant, in_days(7),
                                          {ada_addr, relay_addr});
    ASSERT_TRUE(ib.ok() && ic.ok());
    ASSERT_TRUE((*nb)->join(ib->code, std::chrono::seconds(30)).ok());
    ASSERT_TRUE((*nc)->join(ic->code, std::chrono::seconds(30)).ok());
    const SpaceId sid = *fixed_from<kSpaceIdSize>(*from_hex(space->id));
    const auto A = device_of(*ada.peer), B = device_of(*bob.peer), C = device_of(*cy.peer);

    Ear ea, eb, ec;
    ea.attach(*ada.peer, sid);
    eb.attach(*bob.peer, sid);
    ec.attach(*cy.peer, sid);
    // Everyone joins; the relay must know Cy's and Ada's space before it forwards, so joins are
    // repeated (as the app's once-a-second tick does) until all see each other.
    ASSERT_TRUE(ea.session->join().ok());
    ASSERT_TRUE(eb.session->join().ok());
    ASSERT_TRUE(ec.session->join().ok());
    ASSERT_TRUE(wait_until(
        [&] {
            ea.session->tick(), eb.session->tick(), ec.session->tick();
            return ea.hears(B) && ea.hears(C) && eb.hears(A) && ec.hears(A);
        },
        std::chrono::seconds(60)))
        << "members did not see each other in the call";
    const auto stored_before = (*relay)->status().stored_deltas();

    // Ada speaks.
    const std::uint64_t sent = speak(ea, speech);
    ASSERT_GT(sent, 50u);
    wait_until([&] { return eb.from(A) >= sent && ec.from(A) >= sent; }, std::chrono::seconds(20));
    EXPECT_TRUE(at_least_99_percent(eb.from(A), sent))
        << "Bob got " << eb.from(A) << " of " << sent;
    EXPECT_TRUE(at_least_99_percent(ec.from(A), sent)) << "Cy got " << ec.from(A) << " of " << sent;
    EXPECT_LE(eb.from(A), sent);  // never twice: the replay window drops copies
    EXPECT_LE(ec.from(A), sent);

    // What they hear matches what Ada said, through the netem-like conditions too.
    const std::size_t frames = speech.size() / kFrameSamples;
    audio::NetworkModel clean;
    const double bob_clean = audio::similarity(speech, eb.playout(A, clean, frames));
    const double cy_clean = audio::similarity(speech, ec.playout(A, clean, frames));
    EXPECT_GE(bob_clean, 0.8) << bob_clean;
    EXPECT_GE(cy_clean, 0.8) << cy_clean;
    audio::NetworkModel netem;
    netem.loss = 0.02;
    netem.base_ms = 20;
    netem.jitter_ms = 10;
    const double cy_netem = audio::similarity(speech, ec.playout(A, netem, frames));
    EXPECT_GE(cy_netem, 0.8) << cy_netem;
    audio::NetworkModel harsh;
    harsh.loss = 0.10;
    harsh.jitter_ms = 40;
    const double bob_harsh = audio::similarity(speech, eb.playout(A, harsh, frames));
    EXPECT_GE(bob_harsh, 0.6) << bob_harsh;
    std::printf(
        "sent %llu frames; Bob got %zu, Cy (relay) %zu; similarity Bob %.3f, Cy %.3f, "
        "Cy 2 %%/10 ms %.3f, Bob 10 %%/40 ms %.3f\n",
        (unsigned long long)sent, eb.from(A), ec.from(A), bob_clean, cy_clean, cy_netem, bob_harsh);

    // The relay forwarded frames and stored none of them.
    auto rs = (*relay)->status();
    EXPECT_GE(rs.call_frames_forwarded(), sent);
    EXPECT_EQ(rs.stored_deltas(), stored_before);

    // Cy is removed: the epoch turns, Cy hears nothing more and cannot be heard.
    const std::uint32_t epoch = epoch_of(*ada.peer, sid);
    ASSERT_TRUE(ada.peer->remove_member(space->id, cy.peer->account()->identity_id).ok());
    ASSERT_GT(epoch_of(*ada.peer, sid), epoch);
    ASSERT_TRUE(wait_until([&] { return epoch_of(*bob.peer, sid) == epoch_of(*ada.peer, sid); },
                           std::chrono::seconds(30)));
    const std::size_t cy_had = ec.from(A), ada_had_from_cy = ea.from(C), eb_had = eb.from(A);
    const std::uint64_t sent_after = speak(ea, speech);
    ASSERT_GT(sent_after, 50u);
    // Bob still hears Ada under the new epoch.
    ASSERT_TRUE(wait_until([&] { return at_least_99_percent(eb.from(A) - eb_had, sent_after); },
                           std::chrono::seconds(30)));
    (void)speak(ec, speech);
    std::this_thread::sleep_for(std::chrono::seconds(2));
    EXPECT_EQ(ec.from(A), cy_had) << "a removed member heard audio sealed after its removal";
    EXPECT_EQ(ea.from(C), ada_had_from_cy) << "a removed member was heard";
    EXPECT_EQ(eb.from(C), 0u);

    // Bob vanishes without leaving (as after kill -9): Ada's list drops him once he has not been
    // heard for the timeout, and Ada keeps talking.
    ASSERT_TRUE(wait_until(
        [&] {
            eb.session->tick();
            return ea.hears(B);
        },
        std::chrono::seconds(30)));
    (*nb)->stop();
    ASSERT_TRUE(wait_until(
        [&] {
            ea.session->tick();
            return !ea.hears(B);
        },
        std::chrono::seconds(30)));
    EXPECT_TRUE(ea.session->send_audio(std::span(speech).subspan(0, kFrameSamples)).ok());
    eb.session.reset();

    (*nc)->stop();
    (*na)->stop();
    (*relay)->stop();
}
