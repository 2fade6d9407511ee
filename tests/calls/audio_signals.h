// Test audio for calls: speech made with espeak-ng (resampled by sox to 48 kHz mono), a
// synthetic voiced signal, a network model (seeded loss and jitter) and the similarity metric
// (peak normalized cross-correlation per window, after aligning each window).
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "calls/opus_voice.h"

namespace grove::test::audio {

using platform::calls::kFrameSamples;
using platform::calls::Pcm;

// Speech of `text` at 48 kHz, or empty when espeak-ng or sox is missing (scripts/setup.sh
// installs both).
inline Pcm speech(const std::string& text, const std::filesystem::path& dir) {
    const auto wav = dir / "speech.wav";
    const auto raw = dir / "speech.raw";
    std::string cmd = "espeak-ng -s 150 -w '" + wav.string() + "' '" + text +
                      "' 2>/dev/null && sox '" + wav.string() +
                      "' -r 48000 -c 1 -b 16 -e signed-integer -t raw '" + raw.string() +
                      "' 2>/dev/null";
    if (std::system(cmd.c_str()) != 0) return {};
    std::ifstream in(raw, std::ios::binary);
    Pcm out;
    std::int16_t s = 0;
    while (in.read(reinterpret_cast<char*>(&s), 2)) out.push_back(s);
    return out;
}

// A voiced, speech-like signal: a gliding pitch with harmonics, syllables of 150–300 ms
// separated by short pauses. Deterministic for a seed.
inline Pcm synthetic_voice(double seconds, unsigned seed = 7) {
    std::mt19937 rng(seed);
    std::uniform_real_distribution<double> u(0, 1);
    const std::size_t n = static_cast<std::size_t>(seconds * 48000);
    Pcm out(n, 0);
    std::size_t pos = 0;
    double phase = 0;
    while (pos < n) {
        const std::size_t syllable = static_cast<std::size_t>((0.15 + 0.15 * u(rng)) * 48000);
        const std::size_t pause = static_cast<std::size_t>((0.03 + 0.07 * u(rng)) * 48000);
        const double f0 = 110 + 90 * u(rng), glide = (u(rng) - 0.5) * 60;
        for (std::size_t i = 0; i < syllable && pos + i < n; ++i) {
            const double t = static_cast<double>(i) / syllable;
            const double f = f0 + glide * t;
            phase += 2 * M_PI * f / 48000;
            double v = 0;
            for (int h = 1; h <= 8; ++h) v += std::sin(h * phase) / h;
            const double env = std::sin(M_PI * t);
            out[pos + i] = static_cast<std::int16_t>(6000 * env * v);
        }
        pos += syllable + pause;
    }
    return out;
}

// Normalized cross-correlation of x with y shifted by `lag` (y[n + lag] against x[n]).
inline double ncc(const std::vector<double>& x, const std::vector<double>& y, std::size_t lag) {
    double xy = 0, xx = 0, yy = 0;
    for (std::size_t i = 0; i < x.size() && i + lag < y.size(); ++i) {
        xy += x[i] * y[i + lag];
        xx += x[i] * x[i];
        yy += y[i + lag] * y[i + lag];
    }
    return (xx <= 0 || yy <= 0) ? 0 : xy / std::sqrt(xx * yy);
}

// The energy-weighted mean, over 1 s windows of `sent` that carry sound, of the best normalized
// cross-correlation with `received` at a delay of 0..max_delay_ms (searched at 2 kHz, refined at
// 48 kHz). 1 = identical up to delay and gain.
inline double similarity(const Pcm& sent, const Pcm& received, int max_delay_ms = 500) {
    const std::size_t window = 48000, max_lag = static_cast<std::size_t>(max_delay_ms) * 48;
    double weighted = 0, weights = 0;
    for (std::size_t start = 0; start + window <= sent.size(); start += window) {
        std::vector<double> x(sent.begin() + start, sent.begin() + start + window);
        double energy = 0;
        for (double v : x) energy += v * v;
        if (energy / window < 100.0 * 100.0) continue;  // silence: nothing to compare
        std::vector<double> y;
        for (std::size_t i = start; i < std::min(received.size(), start + window + max_lag); ++i)
            y.push_back(received[i]);
        // Coarse: 2 kHz by averaging 24 samples.
        constexpr std::size_t kStep = 24;
        auto decimate = [](const std::vector<double>& v) {
            std::vector<double> out(v.size() / kStep);
            for (std::size_t i = 0; i < out.size(); ++i) {
                double s = 0;
                for (std::size_t k = 0; k < kStep; ++k) s += v[i * kStep + k];
                out[i] = s / kStep;
            }
            return out;
        };
        auto xd = decimate(x), yd = decimate(y);
        double best = -1;
        std::size_t best_lag = 0;
        for (std::size_t lag = 0; lag <= max_lag / kStep; ++lag) {
            double c = ncc(xd, yd, lag);
            if (c > best) best = c, best_lag = lag * kStep;
        }
        double fine = -1;
        for (std::size_t lag = best_lag >= kStep ? best_lag - kStep : 0; lag <= best_lag + kStep;
             ++lag)
            fine = std::max(fine, ncc(x, y, lag));
        weighted += fine * energy;
        weights += energy;
    }
    return weights > 0 ? weighted / weights : 0;
}

// A network model for frames sent every 20 ms: each packet is lost with `loss`, or arrives at
// its send time + base + uniform(0, jitter) ms. Seeded.
struct NetworkModel {
    double loss = 0.0;
    int base_ms = 20;
    int jitter_ms = 0;
    std::mt19937 rng{42};
    // The arrival time of the packet of frame `frame`, or −1 when lost.
    std::int64_t arrival(std::uint32_t frame) {
        std::uniform_real_distribution<double> u(0, 1);
        if (u(rng) < loss) return -1;
        return static_cast<std::int64_t>(frame) * 20 + base_ms +
               static_cast<std::int64_t>(u(rng) * jitter_ms);
    }
};

}  // namespace grove::test::audio
