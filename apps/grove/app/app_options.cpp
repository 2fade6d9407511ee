#include "app_options.h"

#include <QCommandLineParser>
#include <QDir>

namespace grove::app {

AppOptions AppOptions::parse(const QStringList& arguments) {
    AppOptions options;
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Grove: peer-to-peer workspaces. Without a display, run groved instead."));
    const QCommandLineOption help(QStringList{QStringLiteral("h"), QStringLiteral("help")},
                                  QStringLiteral("Show this help."));
    const QCommandLineOption version(QStringLiteral("version"), QStringLiteral("Show the version."));
    const QCommandLineOption profile(
        QStringLiteral("profile"),
        QStringLiteral("Profile directory (default: $XDG_DATA_HOME/grove or ~/.local/share/grove)."),
        QStringLiteral("dir"));
    const QCommandLineOption demo(
        QStringLiteral("demo"),
        QStringLiteral("Open a temporary profile with a demo account and space; deleted on exit."));
    const QCommandLineOption shots(
        QStringLiteral("screenshot-dir"),
        QStringLiteral("Grab each main screen as PNG into dir (temporary profile), then quit."),
        QStringLiteral("dir"));
    const QCommandLineOption settings(
        QStringLiteral("settings-file"),
        QStringLiteral("App preferences file (default: ~/.config/grove/grove.ini)."),
        QStringLiteral("file"));
    const QCommandLineOption listen(
        QStringLiteral("listen"),
        QStringLiteral("Accept links from other peers on host:port (default 0.0.0.0:0, any free port)."),
        QStringLiteral("host:port"));
    const QCommandLineOption peer(QStringLiteral("peer"),
                                  QStringLiteral("Keep a link to the peer at host:port (repeatable)."),
                                  QStringLiteral("host:port"));
    const QCommandLineOption relay(QStringLiteral("relay"),
                                   QStringLiteral("Use the relay at host:port (repeatable)."),
                                   QStringLiteral("host:port"));
    const QCommandLineOption offline(QStringLiteral("offline"),
                                     QStringLiteral("Don't connect to anyone: spaces stay on this device."));
    const QCommandLineOption noDiscovery(
        QStringLiteral("no-discovery"),
        QStringLiteral("Don't find or announce peers on the local network (UDP multicast)."));
    parser.addOptions(
        {help, version, profile, demo, shots, settings, listen, peer, relay, offline, noDiscovery});

    if (!parser.parse(arguments)) {
        options.outcome = Outcome::Error;
        options.message = parser.errorText();
        return options;
    }
    if (parser.isSet(help)) {
        options.outcome = Outcome::Help;
        options.message = parser.helpText().replace(QStringLiteral("<executable_name>"),
                                                    QStringLiteral("grove"));
        return options;
    }
    if (parser.isSet(version)) {
        options.outcome = Outcome::Version;
        options.message = QStringLiteral("grove " GROVE_APP_VERSION);
        return options;
    }
    // One grove: link (the desktop file's `grove %u` when one is opened): the Join dialog
    // opens with it. Anything else is a mistake.
    const QStringList positional = parser.positionalArguments();
    for (const QString& argument : positional) {
        if (!argument.startsWith(QStringLiteral("grove:"), Qt::CaseInsensitive)) {
            options.outcome = Outcome::Error;
            options.message = QStringLiteral("unexpected argument: ") + argument +
                              QStringLiteral(" (grove opens grove: invitation links; options "
                                             "start with --)");
            return options;
        }
        if (!options.openLink.isEmpty()) {
            options.outcome = Outcome::Error;
            options.message = QStringLiteral("grove opens one grove: link at a time");
            return options;
        }
        options.openLink = argument;
    }
    options.demo = parser.isSet(demo);
    options.profileDir = parser.value(profile);
    options.screenshotDir = parser.value(shots);
    options.settingsFile = parser.value(settings);
    options.network.offline = parser.isSet(offline);
    if (parser.isSet(listen)) options.network.listen = parser.value(listen);
    options.network.peers = parser.values(peer);
    options.network.relays = parser.values(relay);
    // The demo and the screenshots stay on this machine.
    if ((options.demo || !options.screenshotDir.isEmpty()) && !parser.isSet(listen))
        options.network.listen = QStringLiteral("127.0.0.1:0");
    options.network.discovery =
        !parser.isSet(noDiscovery) && !options.demo && options.screenshotDir.isEmpty();
    if (options.demo && !options.profileDir.isEmpty()) {
        options.outcome = Outcome::Error;
        options.message = QStringLiteral("--demo uses a temporary profile; drop --profile");
    }
    return options;
}

QString AppOptions::defaultProfileDir() {
    QString base = qEnvironmentVariable("XDG_DATA_HOME");
    if (base.isEmpty() || !QDir::isAbsolutePath(base))
        base = QDir::home().filePath(QStringLiteral(".local/share"));
    return QDir(base).filePath(QStringLiteral("grove"));
}

bool noDisplayAvailable() {
    return qEnvironmentVariableIsEmpty("DISPLAY") && qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY") &&
           qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM");
}

}  // namespace grove::app
