// ToolInstance: the model of one tool instance in one space — applies operations in causal order,
// snapshots and restores its state, gives a digest, and exposes a QObject its QML views bind to.
#pragma once

#include <grove/sdk/ephemeralmessage.h>
#include <grove/sdk/operation.h>
#include <grove/sdk/result.h>
#include <grove/sdk/types.h>

#include <string_view>

class QObject;

namespace grove::sdk {

// Created by Tool::create_instance. The host calls every method on the host thread, one call at a
// time (re-entrantly only in the case documented at ToolContext::submit). A method that throws
// stops the instance and shows the error on it; the host and other instances keep running.
class ToolInstance {
public:
    virtual ~ToolInstance() = default;

    // Applies one operation. The platform delivers each operation exactly once, after every
    // operation its author had seen (causal order), to every peer — in orders that differ
    // between peers for concurrent operations. The state after a set of operations must not
    // depend on that order (build it from the SDK's CRDT primitives).
    // An error return is a deterministic rejection (malformed payload, author lacks the
    // permission): the operation stays in the log, has no effect, and the instance keeps running.
    virtual Result<void> apply(const Operation& operation) = 0;

    // The whole state, in a form restore() accepts, for fast start and for compaction.
    virtual Result<Bytes> snapshot() const = 0;
    // Replaces the state by a snapshot; operations after the snapshot's point follow via apply().
    virtual Result<void> restore(ByteView snapshot) = 0;
    // Equal on two peers exactly when their states are equal.
    virtual Digest digest() const = 0;

    // The object QML views get as their `tool` property (owned by the instance), or nullptr.
    virtual QObject* model() = 0;

    // The instance was renamed (ToolContext::instance_name() already returns the new name).
    virtual void renamed(std::string_view /*name*/) {}
    // Membership or roles of the space changed.
    virtual void members_changed() {}
    // A message arrived on the instance's ephemeral channel.
    virtual void receive_ephemeral(const EphemeralMessage& /*message*/) {}
};

}  // namespace grove::sdk
