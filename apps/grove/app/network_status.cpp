#include "network_status.h"

#include <net/address_book.h>

#include <QCoreApplication>
#include <QNetworkInterface>
#include <QPointer>
#include <QQmlEngine>
#include <QThreadPool>

namespace grove::app {

NetworkStatus::NetworkStatus(AppOptions::Network options, QObject* parent)
    : QObject(parent), options_(std::move(options)) {
    QQmlEngine::setObjectOwnership(&relays_, QQmlEngine::CppOwnership);
    connect(&timer_, &QTimer::timeout, this, &NetworkStatus::refresh);
    if (options_.offline) return;
    std::vector<RelayListModel::Row> relays;
    for (const QString& r : options_.relays) relays.push_back({r, QStringLiteral("connecting"), {}});
    relays_.setRelays(std::move(relays));
}

void NetworkStatus::setFailed(const QString& message) {
    state_ = QStringLiteral("error");
    error_ = message;
    emit changed();
}

void NetworkStatus::attach(platform::net::PeerNode* node) {
    node_ = node;
    listenAddress_ = QString::fromStdString(node_->listen_address());
    state_ = QStringLiteral("offline");
    emit changed();
    timer_.start(kPollMs);
}

void NetworkStatus::stop() {
    timer_.stop();
    node_ = nullptr;
}

void NetworkStatus::refresh() {
    if (!node_) return;
    int established = 0;
    QSet<QString> linked, relaysUp;
    for (const auto& link : node_->links()) {
        if (!link.established) continue;
        ++established;
        if (link.relay)
            relaysUp.insert(QString::fromStdString(link.address));
        else
            linked.insert(QString::fromStdString(link.remote_device));
    }
    std::vector<RelayListModel::Row> relays;
    for (const auto& r : node_->relays()) {
        const QString address = QString::fromStdString(r.address);
        const bool up = r.linked || relaysUp.contains(address);
        relays.push_back({address, up ? QStringLiteral("connected") : QStringLiteral("connecting"),
                          up ? QString() : QString::fromStdString(r.last_error)});
    }
    relays_.setRelays(std::move(relays));
    const QString state = established > 0 ? QStringLiteral("online") : QStringLiteral("offline");
    if (state != state_ || established != linkCount_) {
        state_ = state;
        linkCount_ = established;
        emit changed();
    }
    emit linksRead(linked);
}

QStringList NetworkStatus::invitationAddresses() const {
    QStringList out;
    if (!listenAddress_.isEmpty()) {
        const int colon = listenAddress_.lastIndexOf(QLatin1Char(':'));
        const QString host = listenAddress_.left(colon);
        const QString port = listenAddress_.mid(colon + 1);
        if (host == QLatin1String("0.0.0.0") || host == QLatin1String("[::]") || host.isEmpty()) {
            // Listening everywhere: offer this machine's network addresses, then loopback.
            for (const QNetworkInterface& iface : QNetworkInterface::allInterfaces()) {
                const auto flags = iface.flags();
                if (!(flags & QNetworkInterface::IsUp) || !(flags & QNetworkInterface::IsRunning) ||
                    (flags & QNetworkInterface::IsLoopBack))
                    continue;
                for (const QNetworkAddressEntry& entry : iface.addressEntries())
                    if (entry.ip().protocol() == QAbstractSocket::IPv4Protocol)
                        out << entry.ip().toString() + QLatin1Char(':') + port;
            }
            out << QStringLiteral("127.0.0.1:") + port;
        } else {
            out << listenAddress_;
        }
    }
    out << relayAddresses();
    out.removeDuplicates();
    return out.mid(0, 16);  // what fits in a code
}

QStringList NetworkStatus::directAddresses() const {
    QStringList out = invitationAddresses();
    for (const QString& relay : relayAddresses()) out.removeAll(relay);
    return out;
}

QStringList NetworkStatus::relayAddresses() const {
    if (!node_) return options_.relays;
    QStringList out;
    for (const auto& r : node_->relays()) out << QString::fromStdString(r.address);
    return out;
}

QString NetworkStatus::addRelay(const QString& text) {
    const QString address = text.trimmed();
    if (!node_) return tr("Networking is off, so no relay can be used.");
    if (!platform::net::is_dialable_address(address.toStdString()))
        return tr("“%1” is not an address like relay.example.org:7000.").arg(address);
    if (relayAddresses().contains(address)) return tr("That relay is already in use.");
    node_->connect(address.toStdString(), true);
    emit relaysEdited(relayAddresses());
    refresh();
    return {};
}

QString NetworkStatus::removeRelay(const QString& address) {
    if (!node_ || !node_->disconnect(address.toStdString(), true))
        return tr("That relay is not in use.");
    emit relaysEdited(relayAddresses());
    refresh();
    return {};
}

void NetworkStatus::testRelay(const QString& text) {
    const QString address = text.trimmed();
    if (!node_ || !platform::net::is_dialable_address(address.toStdString())) {
        emit relayTested(address, false,
                         tr("“%1” is not an address like relay.example.org:7000.").arg(address));
        return;
    }
    QPointer<NetworkStatus> self(this);
    platform::net::PeerNode* node = node_;
    QThreadPool::globalInstance()->start([self, node, address] {
        auto result = node->test_relay(address.toStdString());
        const bool ok = result.ok();
        const QString message = ok ? QString() : QString::fromStdString(result.error().message);
        QMetaObject::invokeMethod(qApp, [self, address, ok, message] {
            if (self) emit self->relayTested(address, ok, message);
        });
    });
}

QString NetworkStatus::offlineExplanation(const QString& spaceId) const {
    if (!node_) return {};
    auto raw = platform::from_hex(spaceId.toStdString());
    if (!raw || raw->size() != platform::kSpaceIdSize) return {};
    platform::SpaceId id;
    std::copy(raw->begin(), raw->end(), id.begin());
    const auto c = node_->connectivity(id);
    if (c.state == platform::net::SpaceConnectivity::State::Online) return {};
    return QString::fromStdString(c.detail + " " + c.action).trimmed();
}

}  // namespace grove::app
