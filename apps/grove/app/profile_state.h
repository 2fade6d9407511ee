// ProfileState: the app's own per-profile memory (read markers, the space last open), kept in
// grove-app.ini beside the Peer's database. It holds ids and times only, never content.
#pragma once

#include <QSettings>
#include <QString>

#include <memory>

namespace grove::app {

class ProfileState {
public:
    explicit ProfileState(const QString& profileDir);

    qint64 readMarker(const QString& spaceId) const;
    void setReadMarker(const QString& spaceId, qint64 ms);
    QString lastSpace() const;
    void setLastSpace(const QString& spaceId);

private:
    std::unique_ptr<QSettings> settings_;
};

}  // namespace grove::app
