#include "checklistinstance.h"

namespace example::checklist {

grove::Result<void> ChecklistInstance::apply(const grove::sdk::Operation& operation) {
    ItemId item{};
    auto change = state_.apply(operation, item);
    if (!change) return change.error();
    model_.changed(*change, item);
    return {};
}

grove::Result<void> ChecklistInstance::restore(grove::sdk::ByteView snapshot) {
    GROVE_TRY(state_.restore(snapshot));
    model_.reset();
    return {};
}

}  // namespace example::checklist
