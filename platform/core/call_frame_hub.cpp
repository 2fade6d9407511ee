#include "core/call_frame_hub.h"

namespace grove::platform {

void CallFrameHub::send(const grove::net::v1::CallFrame& frame) {
    sinks_.for_each([&](const auto& sink) { sink(frame); });
}

Subscription CallFrameHub::add_sink(std::function<void(const grove::net::v1::CallFrame&)> sink) {
    return sinks_.add(std::move(sink));
}

Subscription CallFrameHub::subscribe(std::function<void(const ReceivedCallFrame&)> callback) {
    return subscribers_.add(std::move(callback));
}

void CallFrameHub::deliver(const ReceivedCallFrame& frame) {
    subscribers_.for_each([&](const auto& callback) { callback(frame); });
}

}  // namespace grove::platform
