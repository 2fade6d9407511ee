// Measures, in the benchmark's own run, the machine limits Grove's pipeline stands on:
// Ed25519 sign/verify rates, XChaCha20-Poly1305 throughput, SQLite inserts in one transaction,
// loopback TCP bandwidth and round trip.
#pragma once

#include <cstdint>
#include <string>

namespace grove::bench {

struct PrimitiveLimits {
    double sign_per_s = 0;
    double verify_per_s = 0;
    double aead_mb_per_s_64k = 0;
    double aead_ops_per_s_200b = 0;
    double sqlite_inserts_per_s = 0;   // one transaction, ~300-byte rows
    double sqlite_commits_per_s = 0;   // durable (synchronous=FULL) single-row transactions
    double loopback_mb_per_s = 0;      // TCP over 127.0.0.1, 64 KiB writes, one stream
    double loopback_rtt_us = 0;        // one-byte ping-pong round trip over 127.0.0.1
};

PrimitiveLimits measure_primitive_limits(double seconds_per_probe = 0.5);
void print_primitive_limits(const PrimitiveLimits& limits);

double peak_rss_mb();
double now_seconds();

}  // namespace grove::bench
