#include "desktop_notifier.h"

#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QDBusMessage>
#include <QDBusPendingCallWatcher>
#include <QDBusPendingReply>
#include <QFileInfo>

namespace grove::app {

namespace {
const QString kService = QStringLiteral("org.freedesktop.Notifications");
const QString kPath = QStringLiteral("/org/freedesktop/Notifications");
const QString kInterface = QStringLiteral("org.freedesktop.Notifications");

// Only a bus that is really there: an unset address would make libdbus try to autolaunch one.
bool sessionBusConfigured() {
    if (!qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS")) return true;
    const QString runtime = qEnvironmentVariable("XDG_RUNTIME_DIR");
    return !runtime.isEmpty() && QFileInfo::exists(runtime + QStringLiteral("/bus"));
}
}  // namespace

DesktopNotifier::DesktopNotifier(bool useBus, QObject* parent) : QObject(parent), useBus_(useBus) {
    gather_.setSingleShot(true);
    gather_.setInterval(kGatherMs);
    connect(&gather_, &QTimer::timeout, this, &DesktopNotifier::flush);
    probe();
}

void DesktopNotifier::setState(const QString& state, const QString& detail) {
    if (state == state_ && detail == detail_) return;
    state_ = state;
    detail_ = detail;
    emit stateChanged();
}

void DesktopNotifier::probe() {
    if (!useBus_) return setState(QStringLiteral("unavailable"),
                                  QStringLiteral("Notifications are switched off for this run."));
    if (!sessionBusConfigured())
        return setState(QStringLiteral("unavailable"),
                        QStringLiteral("This session has no desktop message bus (D-Bus), so there "
                                       "is nothing to show notifications."));
    QDBusConnection bus = QDBusConnection::sessionBus();
    if (!bus.isConnected())
        return setState(QStringLiteral("unavailable"),
                        QStringLiteral("Grove couldn't reach the desktop message bus (D-Bus): %1")
                            .arg(bus.lastError().message()));
    bus.connect(kService, kPath, kInterface, QStringLiteral("ActionInvoked"), this,
                SLOT(onActionInvoked(uint,QString)));
    bus.connect(kService, kPath, kInterface, QStringLiteral("NotificationClosed"), this,
                SLOT(onClosed(uint,uint)));
    // Asynchronous: a missing server must never hold up the window.
    const QDBusMessage ask = QDBusMessage::createMethodCall(kService, kPath, kInterface,
                                                            QStringLiteral("GetServerInformation"));
    auto* watcher = new QDBusPendingCallWatcher(bus.asyncCall(ask, 5000), this);
    connect(watcher, &QDBusPendingCallWatcher::finished, this, [this](QDBusPendingCallWatcher* w) {
        QDBusPendingReply<QString, QString, QString, QString> reply = *w;
        w->deleteLater();
        if (reply.isError())
            return setState(QStringLiteral("unavailable"),
                            QStringLiteral("No notification service answered on this desktop."));
        setState(QStringLiteral("available"),
                 QStringLiteral("Shown by %1 (%2).").arg(reply.argumentAt<0>(), reply.argumentAt<1>()));
    });
}

void DesktopNotifier::notify(const QString& spaceId, const QString& title, const QString& body) {
    auto it = pending_.find(spaceId);
    if (it == pending_.end()) {
        pending_.insert(spaceId, Note{spaceId, title, body, 1, false});
    } else {
        it->title = title;
        it->body = body;
        ++it->count;
    }
    if (!gather_.isActive()) gather_.start();
}

void DesktopNotifier::announce(const QString& spaceId, const QString& title,
                               const QString& body) {
    Note note{spaceId, title, body, 1, false};
    deliver(note, true);
}

void DesktopNotifier::withdraw(const QString& spaceId) {
    pending_.remove(spaceId);
    const uint id = shown_.take(spaceId);
    if (id == 0 || state_ != QLatin1String("available")) return;
    QDBusMessage close = QDBusMessage::createMethodCall(kService, kPath, kInterface,
                                                        QStringLiteral("CloseNotification"));
    close << id;
    QDBusConnection::sessionBus().asyncCall(close, 5000);
}

void DesktopNotifier::flush() {
    gather_.stop();
    const auto notes = std::exchange(pending_, {});
    for (Note note : notes) deliver(note);
}

void DesktopNotifier::deliver(Note& note, bool alone) {
    if (note.count > 1)
        note.body += QLatin1Char('\n') + tr("and %n more", nullptr, note.count - 1);
    if (state_ == QLatin1String("available")) {
        QDBusMessage call = QDBusMessage::createMethodCall(kService, kPath, kInterface,
                                                           QStringLiteral("Notify"));
        QVariantMap hints;
        hints.insert(QStringLiteral("category"), QStringLiteral("im.received"));
        hints.insert(QStringLiteral("desktop-entry"), QStringLiteral("grove"));
        call << QStringLiteral("Grove") << (alone ? 0u : shown_.value(note.spaceId, 0u))
             << QStringLiteral("grove")
             << note.title << note.body.toHtmlEscaped()
             << QStringList{QStringLiteral("default"), tr("Open")} << hints << qint32(-1);
        auto* watcher = new QDBusPendingCallWatcher(
            QDBusConnection::sessionBus().asyncCall(call, 5000), this);
        connect(watcher, &QDBusPendingCallWatcher::finished, this,
                [this, space = note.spaceId, alone](QDBusPendingCallWatcher* w) {
                    QDBusPendingReply<uint> reply = *w;
                    w->deleteLater();
                    if (reply.isError()) return;
                    if (alone)
                        announced_.insert(reply.value(), space);
                    else
                        shown_.insert(space, reply.value());
                });
        note.delivered = true;
    }
    history_.push_back(note);
    while (history_.size() > kHistory) history_.pop_front();
    emit sent(note.spaceId, note.title, note.body);
}

void DesktopNotifier::onActionInvoked(uint id, const QString& action) {
    Q_UNUSED(action);
    if (announced_.contains(id)) return emit activated(announced_.value(id));
    for (auto it = shown_.cbegin(); it != shown_.cend(); ++it)
        if (it.value() == id) return emit activated(it.key());
}

void DesktopNotifier::onClosed(uint id, uint) {
    if (announced_.remove(id)) return;
    for (auto it = shown_.begin(); it != shown_.end(); ++it)
        if (it.value() == id) {
            shown_.erase(it);
            return;
        }
}

}  // namespace grove::app
