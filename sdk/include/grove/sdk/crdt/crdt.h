// Umbrella header for the SDK's CRDT building blocks: registers, sets, maps, sequences and text,
// with their op encodings, snapshots and digests.
#pragma once

#include "grove/sdk/crdt/digest.h"
#include "grove/sdk/crdt/lww_register.h"
#include "grove/sdk/crdt/or_map.h"
#include "grove/sdk/crdt/or_set.h"
#include "grove/sdk/crdt/replica_id.h"
#include "grove/sdk/crdt/result.h"
#include "grove/sdk/crdt/sequence.h"
#include "grove/sdk/crdt/text.h"
