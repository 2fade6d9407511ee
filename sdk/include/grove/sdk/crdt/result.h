// The CRDT primitives report failures with the SDK's one result type (grove/sdk/result.h):
// Result<T> for a value, Result<void> for an operation, never exceptions. Their codes:
//   DataLoss           the input ended before a complete value was read;
//   InvalidArgument    the bytes (or the op's fields) do not form a valid value;
//   ResourceExhausted  a length or count is larger than the input or a configured limit allows;
//   FailedPrecondition the op refers to a replica or item this replica has not applied yet.
#pragma once

#include "grove/sdk/result.h"

namespace grove::sdk::crdt {

using grove::Error;
using grove::ErrorCode;
using grove::Result;
// The same type as Result<void>: an operation that returns nothing but may fail.
using Status = Result<void>;

}  // namespace grove::sdk::crdt
