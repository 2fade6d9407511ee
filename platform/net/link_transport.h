// LinkTransport: the gRPC bidirectional stream a Link runs over, driven by gRPC's callback API
// (no thread per link): one read and one write in flight at most, completions reported to the Link.
#pragma once

#include <grpcpp/grpcpp.h>

#include <memory>

#include "grove/net/v1/link.grpc.pb.h"

namespace grove::platform::net {

// What a transport reports (implemented by Link). Called on gRPC's threads; must not block.
class LinkTransportEvents {
public:
    virtual ~LinkTransportEvents() = default;
    virtual void on_read(bool ok) = 0;
    virtual void on_written(bool ok) = 0;
    // The call is over and no operation is in flight: the transport is gone after this returns.
    virtual void on_transport_done() = 0;
};

class LinkTransport {
public:
    virtual ~LinkTransport() = default;
    // `into` / `frame` stay valid until on_read / on_written.
    virtual void start_read(grove::net::v1::LinkFrame* into) = 0;
    virtual void start_write(const grove::net::v1::LinkFrame* frame) = 0;
    // Cancels the call (outstanding operations complete with !ok). No start_* after it.
    virtual void cancel() = 0;
    // After cancel(), once no write is in flight: ends the call with `status`.
    virtual void finish(grpc::Status status) = 0;
};

// The accepting side: a reactor gRPC creates for each call of Open; owns a reference to its link
// (`events`) until the call is done, then deletes itself.
class ServerLinkReactor
    : public grpc::ServerBidiReactor<grove::net::v1::LinkFrame, grove::net::v1::LinkFrame>,
      public LinkTransport {
public:
    ServerLinkReactor(grpc::CallbackServerContext* context,
                      std::shared_ptr<LinkTransportEvents> events)
        : context_(context), events_(std::move(events)) {}
    void start_read(grove::net::v1::LinkFrame* into) override { StartRead(into); }
    void start_write(const grove::net::v1::LinkFrame* frame) override { StartWrite(frame); }
    void cancel() override { context_->TryCancel(); }
    void finish(grpc::Status status) override { Finish(std::move(status)); }

    void OnReadDone(bool ok) override { events_->on_read(ok); }
    void OnWriteDone(bool ok) override { events_->on_written(ok); }
    void OnDone() override {
        events_->on_transport_done();
        delete this;
    }

private:
    grpc::CallbackServerContext* context_;
    std::shared_ptr<LinkTransportEvents> events_;
};

// A call refused before it became a link: finishes at once with `status`.
class RefusedLinkReactor
    : public grpc::ServerBidiReactor<grove::net::v1::LinkFrame, grove::net::v1::LinkFrame> {
public:
    explicit RefusedLinkReactor(grpc::Status status) { Finish(std::move(status)); }
    void OnDone() override { delete this; }
};

// The dialing side: owns the client context; holds the call open (AddHold) until cancel(), since
// the Link starts writes from outside gRPC's reactions; deletes itself when the call is done.
class ClientLinkReactor
    : public grpc::ClientBidiReactor<grove::net::v1::LinkFrame, grove::net::v1::LinkFrame>,
      public LinkTransport {
public:
    explicit ClientLinkReactor(std::shared_ptr<LinkTransportEvents> events)
        : events_(std::move(events)) {}
    grpc::ClientContext* context() { return &context_; }
    // After the stub bound the call to this reactor.
    void start() {
        AddHold();
        StartCall();
    }
    void start_read(grove::net::v1::LinkFrame* into) override { StartRead(into); }
    void start_write(const grove::net::v1::LinkFrame* frame) override { StartWrite(frame); }
    void cancel() override {
        context_.TryCancel();
        RemoveHold();
    }
    void finish(grpc::Status) override {}

    void OnReadDone(bool ok) override { events_->on_read(ok); }
    void OnWriteDone(bool ok) override { events_->on_written(ok); }
    void OnDone(const grpc::Status&) override {
        events_->on_transport_done();
        delete this;
    }

private:
    grpc::ClientContext context_;
    std::shared_ptr<LinkTransportEvents> events_;
};

}  // namespace grove::platform::net
