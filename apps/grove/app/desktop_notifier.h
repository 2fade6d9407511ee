// DesktopNotifier: desktop notifications through the freedesktop notification service
// (org.freedesktop.Notifications on the session D-Bus). Notes are gathered per space for a moment
// and sent as one (a burst of catch-up messages is one notification, replaced in place by the
// next). With no session bus or no notification server it says so and sends nothing; the notes
// are still recorded in history() so tests can see what would have been shown.
#pragma once

#include <QHash>
#include <QObject>
#include <QTimer>
#include <QtQml/qqmlregistration.h>

#include <deque>

namespace grove::app {

class DesktopNotifier : public QObject {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Provided by AppController")
    // checking | available | unavailable
    Q_PROPERTY(QString state READ state NOTIFY stateChanged)
    // The notification server's name and vendor when available, else why there is none.
    Q_PROPERTY(QString detail READ detail NOTIFY stateChanged)

public:
    static constexpr int kGatherMs = 1500;

    struct Note {
        QString spaceId;
        QString title;
        QString body;
        int count = 1;           // how many events it stands for
        bool delivered = false;  // handed to a notification server
    };

    // `useBus` false: never touches D-Bus (state "unavailable").
    explicit DesktopNotifier(bool useBus = true, QObject* parent = nullptr);

    QString state() const { return state_; }
    QString detail() const { return detail_; }

    // Queues a note for `spaceId`; notes for the same space within kGatherMs become one.
    void notify(const QString& spaceId, const QString& title, const QString& body);
    // Shows a note of its own at once, neither gathered with nor replacing the space's messages
    // (a tool's reminder); clicking it shows the space.
    void announce(const QString& spaceId, const QString& title, const QString& body);
    // Withdraws what is shown for a space (the user is looking at it now).
    void withdraw(const QString& spaceId);
    // Sends what is queued now (tests).
    void flush();
    const std::deque<Note>& history() const { return history_; }
    // The server's id of the notification showing for a space (0: none, or its reply is still
    // on the way — a note sent before it arrives shows as a new notification).
    uint shownId(const QString& spaceId) const { return shown_.value(spaceId, 0u); }

signals:
    void stateChanged();
    void sent(const QString& spaceId, const QString& title, const QString& body);
    // The user clicked a notification: show its space.
    void activated(const QString& spaceId);

private slots:
    void onActionInvoked(uint id, const QString& action);
    void onClosed(uint id, uint reason);

private:
    void probe();
    void setState(const QString& state, const QString& detail);
    void deliver(Note& note, bool alone = false);

    bool useBus_;
    QString state_ = QStringLiteral("checking");
    QString detail_;
    QTimer gather_;
    QHash<QString, Note> pending_;     // space id → note being gathered
    QHash<QString, uint> shown_;       // space id → notification id on the server
    QHash<uint, QString> announced_;   // notification id → space id, for announce()
    std::deque<Note> history_;         // the last kHistory notes
    static constexpr std::size_t kHistory = 50;
};

}  // namespace grove::app
