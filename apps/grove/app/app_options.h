// AppOptions: what `grove` was asked to do on its command line (profile, demo, screenshots),
// parsed without a QCoreApplication so main() can decide about the display first.
#pragma once

#include <QString>
#include <QStringList>

namespace grove::app {

struct AppOptions {
    QString profileDir;     // empty: the default profile
    bool demo = false;      // temporary profile with a demo account and space
    QString screenshotDir;  // grab each main screen into this directory, then quit
    QString settingsFile;   // app preferences file; empty: the user's standard one
    QString openLink;       // a grove: invitation link to open in the Join dialog

    // How this peer meets others (grove::platform::net::PeerNode).
    struct Network {
        bool offline = false;                          // no node at all
        QString listen = QStringLiteral("0.0.0.0:0");  // accept links here; port 0: any free one
        QStringList peers;                             // dial and keep redialing
        QStringList relays;
        // LAN discovery (PeerNodeOptions::discovery). parse() turns it on unless --no-discovery,
        // --demo or --screenshot-dir; programmatic users opt in.
        bool discovery = false;
    } network;

    enum class Outcome { Run, Help, Version, Error };
    Outcome outcome = Outcome::Run;
    QString message;  // help text, version or error

    static AppOptions parse(const QStringList& arguments);
    // $XDG_DATA_HOME/grove, else ~/.local/share/grove.
    static QString defaultProfileDir();
};

// True when Qt has no display to open a window on (no X11, no Wayland, no platform forced).
bool noDisplayAvailable();

}  // namespace grove::app
