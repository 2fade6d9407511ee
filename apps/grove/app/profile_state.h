// ProfileState: the app's own per-profile memory (read markers, last space, peers to redial) in
// grove-app.ini beside the Peer's database: ids, times and addresses only, never content.
#pragma once

#include <QSettings>
#include <QString>
#include <QStringList>

#include <memory>

namespace grove::app {

class ProfileState {
public:
    explicit ProfileState(const QString& profileDir);

    qint64 readMarker(const QString& spaceId) const;
    void setReadMarker(const QString& spaceId, qint64 ms);
    QString lastSpace() const;
    void setLastSpace(const QString& spaceId);
    // Peers this profile joined through ("host:port"), redialed at every start.
    QStringList knownPeers() const;
    void addKnownPeer(const QString& address);
    // Relays added in Settings, dialed at every start.
    QStringList relays() const;
    void setRelays(const QStringList& relays);

private:
    std::unique_ptr<QSettings> settings_;
};

}  // namespace grove::app
