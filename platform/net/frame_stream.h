// FrameStream: the two-way frame pipe a Link runs over — a gRPC bidirectional stream on either
// side (dialer or acceptor). Reads and writes may run concurrently; cancel() unblocks both.
#pragma once

#include <grpcpp/grpcpp.h>
#include <grpcpp/support/sync_stream.h>

#include <memory>

#include "grove/net/v1/link.grpc.pb.h"

namespace grove::platform::net {

class FrameStream {
public:
    virtual ~FrameStream() = default;
    virtual bool read(grove::net::v1::LinkFrame* frame) = 0;
    virtual bool write(const grove::net::v1::LinkFrame& frame) = 0;
    virtual void cancel() = 0;
};

// The dialing side: owns the client context and the stream.
class ClientFrameStream : public FrameStream {
public:
    using Stream = grpc::ClientReaderWriter<grove::net::v1::LinkFrame, grove::net::v1::LinkFrame>;
    ClientFrameStream(std::unique_ptr<grpc::ClientContext> context, std::unique_ptr<Stream> stream)
        : context_(std::move(context)), stream_(std::move(stream)) {}
    bool read(grove::net::v1::LinkFrame* frame) override { return stream_->Read(frame); }
    bool write(const grove::net::v1::LinkFrame& frame) override { return stream_->Write(frame); }
    void cancel() override { context_->TryCancel(); }

private:
    std::unique_ptr<grpc::ClientContext> context_;
    std::unique_ptr<Stream> stream_;
};

// The accepting side: borrowed from the gRPC handler for the duration of the call.
class ServerFrameStream : public FrameStream {
public:
    using Stream = grpc::ServerReaderWriter<grove::net::v1::LinkFrame, grove::net::v1::LinkFrame>;
    ServerFrameStream(grpc::ServerContext* context, Stream* stream)
        : context_(context), stream_(stream) {}
    bool read(grove::net::v1::LinkFrame* frame) override { return stream_->Read(frame); }
    bool write(const grove::net::v1::LinkFrame& frame) override { return stream_->Write(frame); }
    void cancel() override { context_->TryCancel(); }

private:
    grpc::ServerContext* context_;
    Stream* stream_;
};

}  // namespace grove::platform::net
