// The audio pipeline without devices or links: Opus (FEC, DTX) → a seeded lossy, jittery network
// → adaptive jitter buffer → decode with FEC/PLC → mixer; and WebRTC echo cancellation. Quality
// is measured (aligned cross-correlation, echo return loss), never assumed.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>

#include "audio_signals.h"
#include "calls/call_receiver.h"
#include "calls/voice_processor.h"
#include "calls/wav_file.h"
#include "grove_test/temp_dir.h"

using namespace grove::platform;
using namespace grove::platform::calls;
namespace audio = grove::test::audio;

namespace {

struct Run {
    Pcm output;
    JitterStats stats;
    std::size_t packets = 0;  // sent (DTX silence is not)
};

// Sends `input` from one speaker through `net` in virtual time and plays it out every 20 ms.
Run through_network(const Pcm& input, audio::NetworkModel net, JitterOptions options = {},
                    VoiceEncoderOptions encoder_options = {}) {
    auto encoder = OpusVoiceEncoder::create(encoder_options);
    EXPECT_TRUE(encoder.ok());
    struct Arrival {
        std::int64_t at;
        AudioPacket packet;
    };
    std::vector<Arrival> arrivals;
    Run run;
    crypto::SignPublicKey speaker{};
    speaker[0] = 1;
    const std::size_t frames = input.size() / kFrameSamples;
    for (std::uint32_t f = 0; f < frames; ++f) {
        auto packet = encoder->encode(std::span(input).subspan(f * kFrameSamples, kFrameSamples));
        EXPECT_TRUE(packet.ok());
        if (packet->empty()) continue;
        ++run.packets;
        auto at = net.arrival(f);
        if (at < 0) continue;
        arrivals.push_back({at, AudioPacket{speaker, {}, f, *packet, 50}});
    }
    std::sort(arrivals.begin(), arrivals.end(),
              [](const Arrival& a, const Arrival& b) { return a.at < b.at; });
    CallReceiver receiver(options);
    std::size_t next = 0;
    for (std::int64_t t = 0; t < static_cast<std::int64_t>(frames) * 20 + 1000; t += 20) {
        while (next < arrivals.size() && arrivals[next].at <= t)
            receiver.push(arrivals[next].packet, arrivals[next].at), ++next;
        Pcm out = receiver.pull(t);
        run.output.insert(run.output.end(), out.begin(), out.end());
    }
    auto stats = receiver.stats();
    if (!stats.empty()) run.stats = stats.front().jitter;
    return run;
}

double rms(const Pcm& x, std::size_t from, std::size_t to) {
    double s = 0;
    for (std::size_t i = from; i < to && i < x.size(); ++i) s += double(x[i]) * x[i];
    return std::sqrt(s / std::max<std::size_t>(1, to - from));
}

}  // namespace

TEST(CallPipeline, OpusOnACleanPathKeepsTheVoice) {
    const Pcm voice = audio::synthetic_voice(4);
    auto run = through_network(voice, {});
    const double sim = audio::similarity(voice, run.output);
    std::printf("clean path: similarity %.3f, target delay %d ms\n", sim,
                run.stats.target_delay_ms);
    EXPECT_GE(sim, 0.85) << "clean-path similarity " << sim;
    EXPECT_EQ(run.stats.late, 0u);
    EXPECT_EQ(run.stats.recovered, 0u);
    // A clean path settles at the minimum delay.
    EXPECT_LE(run.stats.target_delay_ms, 30);
    // Against an unrelated signal the metric is low: it can fail.
    EXPECT_LT(audio::similarity(voice, audio::synthetic_voice(4, 99)), 0.5);
}

TEST(CallPipeline, TenPercentLossAndFortyMsJitterStayIntelligible) {
    const Pcm voice = audio::synthetic_voice(6);
    audio::NetworkModel net;
    net.loss = 0.10;
    net.jitter_ms = 40;
    auto run = through_network(voice, net);
    const double sim = audio::similarity(voice, run.output);
    std::printf(
        "10 %% loss, 40 ms jitter: similarity %.3f, target %d ms, recovered %llu, "
        "concealed %llu, late %llu of %zu\n",
        sim, run.stats.target_delay_ms, (unsigned long long)run.stats.recovered,
        (unsigned long long)run.stats.concealed, (unsigned long long)run.stats.late, run.packets);
    EXPECT_GE(sim, 0.6) << "similarity under 10 % loss, 40 ms jitter: " << sim;
    // The buffer grew to cover the jitter, and FEC rebuilt lost frames.
    EXPECT_GE(run.stats.target_delay_ms, 35);
    EXPECT_GT(run.stats.recovered, 0u);
    EXPECT_LT(run.stats.late, run.packets / 10) << "late " << run.stats.late;
}

TEST(CallPipeline, LossCostsQualityThatFecAndConcealmentLimit) {
    const Pcm voice = audio::synthetic_voice(6, 11);
    audio::NetworkModel lossy;
    lossy.loss = 0.15;
    VoiceEncoderOptions with_fec;
    with_fec.expected_loss_percent = 20;
    with_fec.bitrate = 32000;
    auto fec = through_network(voice, lossy, {}, with_fec);
    EXPECT_GT(fec.stats.recovered, 0u);
    EXPECT_GT(fec.stats.concealed, 0u);
    auto clean_run = through_network(voice, {}, {}, with_fec);
    const double s_fec = audio::similarity(voice, fec.output);
    const double s_clean = audio::similarity(voice, clean_run.output);
    EXPECT_GT(s_clean, s_fec);  // loss costs something: the metric sees it
    EXPECT_GE(s_fec, 0.6) << s_fec;
}

TEST(CallPipeline, TheJitterBufferShrinksWhenTheNetworkCalmsDown) {
    // 5 s with 80 ms jitter, then 10 s with none: the target follows.
    const Pcm voice = audio::synthetic_voice(15, 5);
    audio::NetworkModel net;
    net.jitter_ms = 80;
    auto encoder = OpusVoiceEncoder::create();
    ASSERT_TRUE(encoder.ok());
    auto decoder = OpusVoiceDecoder::create();
    ASSERT_TRUE(decoder.ok());
    JitterBuffer buffer(std::move(*decoder));
    std::vector<std::pair<std::int64_t, std::pair<std::uint32_t, std::vector<std::uint8_t>>>>
        arrivals;
    const std::uint32_t frames = voice.size() / kFrameSamples;
    for (std::uint32_t f = 0; f < frames; ++f) {
        auto p = encoder->encode(std::span(voice).subspan(f * kFrameSamples, kFrameSamples));
        if (p->empty()) continue;
        if (f == 250) net.jitter_ms = 0;
        arrivals.push_back({net.arrival(f), {f, *p}});
    }
    std::sort(arrivals.begin(), arrivals.end());
    std::size_t next = 0;
    int high = 0;
    for (std::int64_t t = 0; t < frames * 20 + 500; t += 20) {
        while (next < arrivals.size() && arrivals[next].first <= t)
            buffer.push(arrivals[next].second.first, arrivals[next].second.second,
                        arrivals[next].first),
                ++next;
        (void)buffer.pull(t);
        if (t == 5000) high = buffer.stats().target_delay_ms;
    }
    EXPECT_GE(high, 60) << "target during the jittery phase";
    EXPECT_LE(buffer.stats().target_delay_ms, 30) << "target after 10 calm seconds";
    EXPECT_LE(buffer.stats().current_delay_ms, 60) << "the delay followed the target down";
    EXPECT_GT(buffer.stats().skipped, 0u);
}

TEST(CallPipeline, TheMixerCarriesEverySpeaker) {
    const Pcm a = audio::synthetic_voice(3, 1), b = audio::synthetic_voice(3, 2);
    auto ea = OpusVoiceEncoder::create(), eb = OpusVoiceEncoder::create();
    CallReceiver receiver;
    crypto::SignPublicKey da{}, db{};
    da[0] = 1;
    db[0] = 2;
    Pcm out;
    const std::uint32_t frames = a.size() / kFrameSamples;
    for (std::uint32_t f = 0; f < frames + 20; ++f) {
        const std::int64_t t = f * 20;
        if (f < frames) {
            auto pa = ea->encode(std::span(a).subspan(f * kFrameSamples, kFrameSamples));
            auto pb = eb->encode(std::span(b).subspan(f * kFrameSamples, kFrameSamples));
            if (!pa->empty()) receiver.push({da, {}, f, *pa, 50}, t + 20);
            if (!pb->empty()) receiver.push({db, {}, f, *pb, 50}, t + 20);
        }
        Pcm frame = receiver.pull(t + 20);
        out.insert(out.end(), frame.begin(), frame.end());
    }
    EXPECT_EQ(receiver.stats().size(), 2u);
    // Each speaker is present in the mix (two independent voices: about 1/√2 each).
    const double sa = audio::similarity(a, out), sb = audio::similarity(b, out);
    std::printf("mix of two speakers: similarity %.3f and %.3f\n", sa, sb);
    EXPECT_GE(sa, 0.45) << sa;
    EXPECT_GE(sb, 0.45) << sb;
    // Saturation, not wrap-around.
    std::vector<std::int32_t> loud(kFrameSamples, 0);
    mix_into(loud, Pcm(kFrameSamples, 30000));
    mix_into(loud, Pcm(kFrameSamples, 30000));
    EXPECT_EQ(saturate(loud)[0], 32767);
}

TEST(CallPipeline, EchoCancellationRemovesTheFarEndFromTheMicrophone) {
    auto processor = VoiceProcessor::create({true, true, false, 40});
    ASSERT_TRUE(processor.ok()) << processor.error().message;
    const Pcm far = audio::synthetic_voice(10, 3);
    // The room: the far end's voice comes back 40 ms later at half amplitude, with a little noise.
    const std::size_t delay = 40 * 48;
    std::mt19937 rng(1);
    std::normal_distribution<double> noise(0, 30);
    Pcm mic_in, mic_out;
    for (std::size_t f = 0; f + 1 < far.size() / kFrameSamples; ++f) {
        Pcm render(far.begin() + f * kFrameSamples, far.begin() + (f + 1) * kFrameSamples);
        (*processor)->render(render);
        Pcm mic(kFrameSamples);
        for (std::size_t i = 0; i < kFrameSamples; ++i) {
            const std::size_t n = f * kFrameSamples + i;
            mic[i] = static_cast<std::int16_t>((n >= delay ? far[n - delay] / 2 : 0) + noise(rng));
        }
        mic_in.insert(mic_in.end(), mic.begin(), mic.end());
        (*processor)->capture(mic);
        mic_out.insert(mic_out.end(), mic.begin(), mic.end());
    }
    // After 5 s of convergence, the echo is attenuated (echo return loss enhancement).
    const std::size_t from = 5 * 48000, to = mic_in.size();
    const double erle_db =
        20 * std::log10(rms(mic_in, from, to) / std::max(1.0, rms(mic_out, from, to)));
    std::printf("echo return loss enhancement %.1f dB\n", erle_db);
    EXPECT_GE(erle_db, 10.0) << "echo attenuated by only " << erle_db << " dB";
}

TEST(CallPipeline, SpeechFromEspeakSurvivesTheLossyPath) {
    grove::test::TempDir dir;
    const Pcm speech =
        audio::speech("Grove lets a team talk while they work together in a space.", dir.path());
    ASSERT_FALSE(speech.empty()) << "espeak-ng and sox are needed (scripts/setup.sh)";
    audio::NetworkModel net;
    net.loss = 0.02;
    net.jitter_ms = 10;
    net.base_ms = 20;
    auto run = through_network(speech, net);
    const double sim = audio::similarity(speech, run.output);
    std::printf("espeak speech, 2 %% loss, 10 ms jitter: similarity %.3f\n", sim);
    EXPECT_GE(sim, 0.8) << "speech similarity at 2 % loss, 10 ms jitter: " << sim;
}

TEST(CallPipeline, WavFilesRoundTripAndWrongFormatsAreClearErrors) {
    grove::test::TempDir dir;
    const Pcm voice = audio::synthetic_voice(0.5);
    ASSERT_TRUE(write_wav(dir.path() / "v.wav", voice).ok());
    auto back = read_wav(dir.path() / "v.wav");
    ASSERT_TRUE(back.ok()) << back.error().message;
    EXPECT_EQ(*back, voice);
    // Frame by frame, padded with silence at the end.
    WavInput input(voice);
    std::size_t frames = 0;
    while (!input.ended()) {
        auto f = input.read_frame();
        ASSERT_TRUE(f && f->size() == kFrameSamples);
        ++frames;
    }
    EXPECT_EQ(frames, (voice.size() + kFrameSamples - 1) / kFrameSamples);

    const auto cd = dir.path() / "cd.wav";
    ASSERT_EQ(std::system(
                  ("sox -n -r 44100 -c 2 -b 16 '" + cd.string() + "' synth 0.1 sine 440").c_str()),
              0);
    auto refused = read_wav(cd);
    ASSERT_FALSE(refused.ok());
    EXPECT_NE(refused.error().message.find("48 kHz"), std::string::npos) << refused.error().message;

    const std::string cut("RIFF\x10\0\0\0WAVEfmt \x40\0\0\0", 20);  // fmt claims 64 bytes
    std::ofstream(dir.path() / "cut.wav", std::ios::binary) << cut;
    EXPECT_FALSE(read_wav(dir.path() / "cut.wav").ok());
    EXPECT_FALSE(read_wav(dir.path() / "missing.wav").ok());
}

TEST(CallPipeline, TheOnsetOfSpeechAfterSilenceIsNeverSkipped) {
    // A speaker talks, falls silent (DTX: no packets), then speaks again with its first packets
    // delayed: the buffer restarts on them and plays them, instead of dropping the onset to
    // catch up with its target delay.
    auto encoder = OpusVoiceEncoder::create();
    auto decoder = OpusVoiceDecoder::create();
    ASSERT_TRUE(encoder.ok() && decoder.ok());
    JitterBuffer buffer(std::move(*decoder));
    const Pcm voice = audio::synthetic_voice(1, 3);
    auto packet = [&](std::uint32_t f) {
        auto p = encoder->encode(std::span(voice).subspan((f % 40) * kFrameSamples, kFrameSamples));
        return *p;
    };
    std::int64_t t = 0;
    for (std::uint32_t f = 0; f < 20; ++f, t += 20) {
        buffer.push(f, packet(f), f * 20 + 20);
        (void)buffer.pull(t);
    }
    for (; t < 60 * 20; t += 20) (void)buffer.pull(t);  // silence: the buffer goes idle
    EXPECT_FALSE(buffer.playing());
    const auto before = buffer.stats();
    // Frames 60–62 arrive together, 120 ms late.
    for (std::uint32_t f = 60; f < 63; ++f) buffer.push(f, packet(f), 62 * 20 + 140);
    for (t = 62 * 20 + 140; t < 80 * 20 + 200; t += 20) (void)buffer.pull(t);
    EXPECT_EQ(buffer.stats().played - before.played, 3u) << "the onset was dropped";
    EXPECT_EQ(buffer.stats().skipped, before.skipped);
}
