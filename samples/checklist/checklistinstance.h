// ChecklistInstance: one checklist in one space for the Grove host — applies operations to the
// ChecklistState and keeps the ChecklistModel (what the view shows) in step.
#pragma once

#include <grove/sdk/toolinstance.h>

#include "checklistmodel.h"
#include "checkliststate.h"

namespace example::checklist {

class ChecklistInstance final : public grove::sdk::ToolInstance {
public:
    explicit ChecklistInstance(grove::sdk::ToolContext& context) : model_(context, state_) {}

    grove::Result<void> apply(const grove::sdk::Operation& operation) override;
    grove::Result<grove::sdk::Bytes> snapshot() const override { return state_.snapshot(); }
    grove::Result<void> restore(grove::sdk::ByteView snapshot) override;
    grove::sdk::Digest digest() const override { return state_.digest(); }
    QObject* model() override { return &model_; }

private:
    ChecklistState state_;
    ChecklistModel model_;
};

}  // namespace example::checklist
