// LocalApi: the opt-in local gRPC API of the app — the same platform/api server groved runs, on
// loopback only, with the profile's token store (DIR/api-token, DIR/api-tokens, shared with
// groved and grovectl) — and ApiTokenListModel, its per-client tokens for Settings → Local API.
// Off by default; the choice is kept in the app preferences (AppSettings::localApiEnabled).
#pragma once

#include <QAbstractListModel>
#include <QObject>
#include <QStringList>
#include <QVariantMap>
#include <QtQml/qqmlregistration.h>

#include <functional>
#include <memory>
#include <vector>

namespace grove::platform {
class Peer;
namespace api {
class ApiServer;
class TokenStore;
}  // namespace api
}  // namespace grove::platform

namespace grove::app {

class AppSettings;

class ApiTokenListModel : public QAbstractListModel {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Provided by LocalApiController")
    Q_PROPERTY(int count READ count NOTIFY countChanged)

public:
    struct Row {
        QString name;
        QString scope;          // read | write | admin
        QStringList spaces;     // space names (or ids when unknown); empty = every space
        qint64 createdMs = 0;
        qint64 lastUsedMs = 0;  // 0 = never used
        bool profile = false;   // the profile token (grovectl's; cannot be revoked)
    };
    enum Role {
        NameRole = Qt::UserRole + 1,
        ScopeRole,
        SpacesRole,  // "Garden club, Release planning", "" = every space
        CreatedMsRole,
        LastUsedMsRole,
        ProfileRole,
    };
    Q_ENUM(Role)

    explicit ApiTokenListModel(QObject* parent = nullptr);
    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;
    int count() const { return static_cast<int>(rows_.size()); }
    const std::vector<Row>& rows() const { return rows_; }
    void setTokens(std::vector<Row> rows);
    void clear() { setTokens({}); }

signals:
    void countChanged();

private:
    std::vector<Row> rows_;
};

class LocalApiController : public QObject {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Provided by AppController")
    Q_PROPERTY(bool enabled READ enabled NOTIFY stateChanged)
    Q_PROPERTY(bool running READ running NOTIFY stateChanged)
    Q_PROPERTY(QString address READ address NOTIFY stateChanged)
    Q_PROPERTY(QString error READ error NOTIFY stateChanged)
    Q_PROPERTY(grove::app::ApiTokenListModel* tokens READ tokens CONSTANT)

public:
    explicit LocalApiController(QObject* parent = nullptr);
    ~LocalApiController() override;

    // `peer` (may be null: nothing runs) must outlive stop(); `spaceName` names a space id.
    void attach(platform::Peer* peer, AppSettings* settings,
                std::function<QString(const QString&)> spaceName);
    // Stops the server (before the Peer goes).
    void stop();

    bool enabled() const;
    bool running() const { return server_ != nullptr; }
    QString address() const { return address_; }
    QString error() const { return error_; }
    ApiTokenListModel* tokens() { return &tokens_; }

    // Switches the API on (starts it, remembers the choice) or off (stops it).
    Q_INVOKABLE void setEnabled(bool on);
    // A new token: {name, secret} (the secret is shown once) or {error}. scope: read | write |
    // admin; spaceIds: empty = every space.
    Q_INVOKABLE QVariantMap createToken(const QString& name, const QString& scope,
                                        const QStringList& spaceIds);
    // "" or the reason it was not revoked. Calls made with it are refused from then on.
    Q_INVOKABLE QString revokeToken(const QString& name);
    // Re-reads the tokens (last use changes as clients call).
    Q_INVOKABLE void refresh();

signals:
    void stateChanged();

private:
    void start();
    void setError(const QString& error);

    platform::Peer* peer_ = nullptr;
    AppSettings* settings_ = nullptr;
    std::function<QString(const QString&)> spaceName_;
    std::shared_ptr<platform::api::TokenStore> store_;
    std::unique_ptr<platform::api::ApiServer> server_;
    QString address_, error_;
    ApiTokenListModel tokens_;
};

}  // namespace grove::app
