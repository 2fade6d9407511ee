// Plain-words error text: turns a grove::Error from the Peer into a sentence a user can act on,
// keeping the technical detail for a secondary line.
#pragma once

#include <grove/sdk/result.h>

#include <QString>

namespace grove::app {

// What the user was doing, so the sentence can say it ("Couldn't send your message: …").
enum class Action { OpenProfile, CreateAccount, Unlock, Lock, ChangePassphrase, CreateSpace,
                    LoadSpace, Post, Edit, Delete, Demo, AddTool, RenameTool, RemoveTool,
                    Join, Invite, ChangeRole, RemoveMember, LeaveSpace, RenameSpace,
                    RevokeInvitation, ListInvitations, ListDevices, RevokeDevice,
                    CreatePairing, PairDevice };

QString userMessage(Action action, const Error& error);

}  // namespace grove::app
