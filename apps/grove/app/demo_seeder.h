// DemoSeeder: prepares a fresh profile for `grove --demo` and the screenshot tour — an account
// and spaces with chat — all written for real through the Peer (nothing is mocked).
#pragma once

#include <core/peer.h>
#include <toolhost/toolhost.h>

#include <string>

namespace grove::app {

class DemoSeeder {
public:
    static constexpr const char* kDisplayName = "Robin Ashdown";
    static constexpr const char* kMainSpace = "Welcome to Grove";

    // A random, readable passphrase (four words and a number).
    static std::string makePassphrase();
    // Creates the demo account; returns it unlocked.
    static Result<platform::AccountInfo> createAccount(platform::Peer& peer,
                                                       const std::string& passphrase);
    // Creates the demo spaces and their chat; returns the id of the main space.
    static Result<std::string> seedSpaces(platform::Peer& peer);
    // Adds every running installed tool to the space, with content where the demo knows the
    // tool (Discussion, Files). GUI thread only: the tool host lives there. Returns how many were added.
    static int seedTools(platform::Peer& peer, platform::ToolHost& host, const std::string& space);
};

}  // namespace grove::app
