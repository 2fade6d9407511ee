// NetworkStatus: this peer's network as the app shows it — off, error, offline or online; the
// listening address; how many links are up; the relays with their state — read from the PeerNode
// every kPollMs; and the addresses a joiner or a new device can dial (interfaces enumerated).
#pragma once

#include <QtQml/qqmlregistration.h>
#include <net/peer_node.h>

#include <QObject>
#include <QSet>
#include <QStringList>
#include <QTimer>

#include "app_options.h"
#include "relay_list_model.h"

namespace grove::app {

class NetworkStatus : public QObject {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Provided by AppController")
    // off (--offline) | error (the node didn't start) | offline (no link up) | online
    Q_PROPERTY(QString state READ state NOTIFY changed)
    Q_PROPERTY(QString error READ error NOTIFY changed)
    Q_PROPERTY(QString listenAddress READ listenAddress NOTIFY changed)
    Q_PROPERTY(int linkCount READ linkCount NOTIFY changed)
    // The relays in use (--relay and those added here) and whether each is connected.
    Q_PROPERTY(grove::app::RelayListModel* relays READ relays CONSTANT)

public:
    static constexpr int kPollMs = 2000;

    explicit NetworkStatus(AppOptions::Network options, QObject* parent = nullptr);

    const AppOptions::Network& options() const { return options_; }
    QString state() const { return state_; }
    QString error() const { return error_; }
    QString listenAddress() const { return listenAddress_; }
    int linkCount() const { return linkCount_; }
    RelayListModel* relays() { return &relays_; }

    // The node did not start: `message` says why (the spaces still work on this device).
    void setFailed(const QString& message);
    // The node runs: reads it now and every kPollMs until stop().
    void attach(platform::net::PeerNode* node);
    void stop();
    // Reads the links now; emits linksRead with the devices linked directly.
    Q_INVOKABLE void refresh();

    // Relays at run time: "" when done, else why not (in words). Added and removed relays are
    // reported by relaysEdited (the app keeps them in the profile).
    Q_INVOKABLE QString addRelay(const QString& address);
    Q_INVOKABLE QString removeRelay(const QString& address);
    // Dials the relay once off the UI thread; relayTested reports the outcome.
    Q_INVOKABLE void testRelay(const QString& address);
    // Why `spaceId` is offline and what fixes it, in words ("" when it is online or unknown).
    Q_INVOKABLE QString offlineExplanation(const QString& spaceId) const;

    // Where a joiner can reach this peer: its listening address(es) — this machine's addresses
    // when it listens everywhere — then its relays; at most what fits in a code.
    Q_INVOKABLE QStringList invitationAddresses() const;
    // Addresses a new device can dial directly (relays can't carry pairing).
    QStringList directAddresses() const;

signals:
    void changed();
    // Devices (hex keys) with an established direct link right now.
    void linksRead(const QSet<QString>& linkedDevices);
    void relaysEdited(const QStringList& relays);
    void relayTested(const QString& address, bool ok, const QString& message);

private:
    AppOptions::Network options_;
    platform::net::PeerNode* node_ = nullptr;
    QString state_ = QStringLiteral("off");
    QString error_, listenAddress_;
    int linkCount_ = 0;
    RelayListModel relays_;
    QTimer timer_;
    QStringList relayAddresses() const;
};

}  // namespace grove::app
