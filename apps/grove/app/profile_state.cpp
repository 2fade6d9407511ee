#include "profile_state.h"

#include <QDir>

namespace grove::app {

ProfileState::ProfileState(const QString& profileDir)
    : settings_(std::make_unique<QSettings>(QDir(profileDir).filePath(QStringLiteral("grove-app.ini")),
                                            QSettings::IniFormat)) {}

qint64 ProfileState::readMarker(const QString& spaceId) const {
    return settings_->value(QStringLiteral("read/") + spaceId, 0).toLongLong();
}

void ProfileState::setReadMarker(const QString& spaceId, qint64 ms) {
    if (readMarker(spaceId) >= ms) return;
    settings_->setValue(QStringLiteral("read/") + spaceId, ms);
}

QString ProfileState::lastSpace() const {
    return settings_->value(QStringLiteral("ui/lastSpace")).toString();
}

void ProfileState::setLastSpace(const QString& spaceId) {
    settings_->setValue(QStringLiteral("ui/lastSpace"), spaceId);
}

QStringList ProfileState::knownPeers() const {
    return settings_->value(QStringLiteral("network/peers")).toStringList();
}

void ProfileState::addKnownPeer(const QString& address) {
    QStringList peers = knownPeers();
    if (peers.contains(address)) return;
    peers << address;
    settings_->setValue(QStringLiteral("network/peers"), peers);
}

QStringList ProfileState::relays() const {
    return settings_->value(QStringLiteral("network/relays")).toStringList();
}

void ProfileState::setRelays(const QStringList& relays) {
    settings_->setValue(QStringLiteral("network/relays"), relays);
}

}  // namespace grove::app
