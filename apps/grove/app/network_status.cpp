#include "network_status.h"

#include <QNetworkInterface>
#include <QQmlEngine>

namespace grove::app {

NetworkStatus::NetworkStatus(AppOptions::Network options, QObject* parent)
    : QObject(parent), options_(std::move(options)) {
    QQmlEngine::setObjectOwnership(&relays_, QQmlEngine::CppOwnership);
    connect(&timer_, &QTimer::timeout, this, &NetworkStatus::refresh);
    if (options_.offline) return;
    std::vector<RelayListModel::Row> relays;
    for (const QString& r : options_.relays) relays.push_back({r, QStringLiteral("connecting")});
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
    for (const QString& r : options_.relays)
        relays.push_back(
            {r, relaysUp.contains(r) ? QStringLiteral("connected") : QStringLiteral("connecting")});
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
    out << options_.relays;
    out.removeDuplicates();
    return out.mid(0, 16);  // what fits in a code
}

QStringList NetworkStatus::directAddresses() const {
    QStringList out = invitationAddresses();
    for (const QString& relay : options_.relays) out.removeAll(relay);
    return out;
}

}  // namespace grove::app
