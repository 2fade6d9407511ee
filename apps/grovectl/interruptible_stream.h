// Runs a server-streaming call until it ends or the user interrupts it (SIGINT/SIGTERM): the
// helper under grovectl's `watch` commands.
#pragma once

#include <grpcpp/client_context.h>
#include <grpcpp/support/status.h>

#include <atomic>
#include <functional>

namespace grove::apps::grovectl {

// Blocks SIGINT and SIGTERM in the calling thread and every thread it starts from then on, so that
// they queue for run_interruptible(). Call it before gRPC starts its threads.
void block_stop_signals();

// Runs `stream()` (which reads a server stream until it ends) while a helper thread cancels
// `context` on SIGINT/SIGTERM; sets `interrupted` when it did. The signals must be blocked.
grpc::Status run_interruptible(grpc::ClientContext& context, std::atomic<bool>& interrupted,
                               const std::function<grpc::Status()>& stream);

}  // namespace grove::apps::grovectl
