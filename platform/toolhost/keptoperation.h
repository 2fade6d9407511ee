// KeptOperation: an owned copy of an operation a placeholder instance keeps, so it can be
// replayed in the same order once a tool that can open the instance is installed.
#pragma once

#include <grove/sdk/operation.h>

namespace grove::platform {

struct KeptOperation {
    sdk::Operation operation;  // payload empty here; see view()
    sdk::Bytes payload;

    static KeptOperation copy_of(const sdk::Operation& operation) {
        KeptOperation kept{operation,
                           sdk::Bytes(operation.payload.begin(), operation.payload.end())};
        kept.operation.payload = {};
        return kept;
    }
    // The operation with its payload pointing into this object.
    sdk::Operation view() const {
        sdk::Operation out = operation;
        out.payload = payload;
        return out;
    }
};

}  // namespace grove::platform
