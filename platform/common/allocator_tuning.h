// Allocator settings for the long-running Grove processes (groved, grove, grove-relay): fewer
// malloc arenas, so memory freed by one thread is reused by the others instead of kept per thread.
#pragma once

namespace grove {

// glibc gives every thread that allocates concurrently its own arena (up to 8 per core), and an
// arena keeps what was freed in it. A peer's link reader parses messages on one thread and its
// handler frees them on another, with gRPC's threads beside them. With two arenas the peak RSS of
// the 1,000,000-delta benchmark fell from 303 to 258 MB (catching-up peer) and from 274 to 228 MB
// (writer); throughput was not lower in the runs that followed (docs/performance.md). Call first
// thing in main, before any thread starts. Does nothing elsewhere than glibc.
void tune_allocator();

}  // namespace grove
