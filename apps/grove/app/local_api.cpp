#include "local_api.h"

#include "app_settings.h"

#include "api/api_server.h"
#include "api/api_token.h"
#include "api/token_store.h"
#include "core/peer.h"

namespace grove::app {

namespace {
QString qs(const std::string& s) { return QString::fromStdString(s); }
constexpr const char* kTokenFile = "api-token";        // as groved (apps/groved/daemon.h)
constexpr const char* kTokenStoreFile = "api-tokens";  // per-client tokens (hashes)
constexpr const char* kListen = "127.0.0.1:0";         // loopback only, any free port
}  // namespace

ApiTokenListModel::ApiTokenListModel(QObject* parent) : QAbstractListModel(parent) {}

int ApiTokenListModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : count();
}

QVariant ApiTokenListModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row& r = rows_[static_cast<std::size_t>(index.row())];
    switch (role) {
        case Qt::DisplayRole:
        case NameRole: return r.name;
        case ScopeRole: return r.scope;
        case SpacesRole: return r.spaces.join(QStringLiteral(", "));
        case CreatedMsRole: return r.createdMs;
        case LastUsedMsRole: return r.lastUsedMs;
        case ProfileRole: return r.profile;
        default: return {};
    }
}

QHash<int, QByteArray> ApiTokenListModel::roleNames() const {
    return {{NameRole, "name"},           {ScopeRole, "scope"},
            {SpacesRole, "spaces"},       {CreatedMsRole, "createdMs"},
            {LastUsedMsRole, "lastUsedMs"}, {ProfileRole, "profile"}};
}

void ApiTokenListModel::setTokens(std::vector<Row> rows) {
    const int before = count();
    beginResetModel();
    rows_ = std::move(rows);
    endResetModel();
    if (before != count()) emit countChanged();
}

LocalApiController::LocalApiController(QObject* parent) : QObject(parent) {}

LocalApiController::~LocalApiController() { stop(); }

void LocalApiController::attach(platform::Peer* peer, AppSettings* settings,
                                std::function<QString(const QString&)> spaceName) {
    peer_ = peer;
    settings_ = settings;
    spaceName_ = std::move(spaceName);
    if (enabled()) start();
}

bool LocalApiController::enabled() const { return settings_ && settings_->localApiEnabled(); }

void LocalApiController::setEnabled(bool on) {
    if (!settings_) return;
    settings_->setLocalApiEnabled(on);
    if (on) start();
    else stop();
    emit stateChanged();
}

void LocalApiController::start() {
    if (server_ || !peer_) return;
    const auto dir = peer_->profile_dir();
    auto token = platform::api::ApiToken::load_or_create(dir / kTokenFile);
    if (!token) return setError(QStringLiteral("The API's token file could not be read or created: %1")
                                    .arg(qs(token.error().describe())));
    auto store = platform::api::TokenStore::open(dir / kTokenStoreFile, *token);
    if (!store) return setError(QStringLiteral("The API tokens could not be read: %1")
                                    .arg(qs(store.error().describe())));
    platform::api::ApiServer::Options options;
    options.listen = kListen;
    options.token = std::move(token).value();
    options.tokens = *store;
    auto server = platform::api::ApiServer::start(*peer_, options);
    if (!server) return setError(QStringLiteral("The local API could not start: %1")
                                     .arg(qs(server.error().describe())));
    store_ = std::move(store).value();
    server_ = std::move(server).value();
    address_ = qs(server_->address());
    error_.clear();
    refresh();
    emit stateChanged();
}

void LocalApiController::stop() {
    const bool was = server_ || store_;
    if (server_) server_->shutdown();
    server_.reset();
    if (store_) store_->flush();
    store_.reset();
    address_.clear();
    tokens_.clear();
    if (was) emit stateChanged();
}

void LocalApiController::setError(const QString& error) {
    error_ = error;
    emit stateChanged();
}

void LocalApiController::refresh() {
    if (!store_) return tokens_.clear();
    std::vector<ApiTokenListModel::Row> rows;
    for (const auto& t : store_->list()) {
        ApiTokenListModel::Row row;
        row.name = qs(t.name);
        row.scope = QString::fromLatin1(platform::api::to_string(t.scope));
        for (const auto& s : t.spaces) {
            const QString name = spaceName_ ? spaceName_(qs(s)) : QString();
            row.spaces << (name.isEmpty() ? qs(s) : name);
        }
        row.createdMs = t.created_ms;
        row.lastUsedMs = t.last_used_ms;
        row.profile = t.name == platform::api::TokenStore::kProfileTokenName;
        rows.push_back(std::move(row));
    }
    tokens_.setTokens(std::move(rows));
}

QVariantMap LocalApiController::createToken(const QString& name, const QString& scope,
                                            const QStringList& spaceIds) {
    auto error = [](const QString& text) { return QVariantMap{{QStringLiteral("error"), text}}; };
    if (!store_) return error(QStringLiteral("Switch the local API on first."));
    const QString clean = name.trimmed();
    if (!platform::api::TokenStore::validate_name(clean.toStdString()))
        return error(QStringLiteral("Name it with 1 to 64 letters, digits, dots, dashes or "
                                    "underscores (no spaces), e.g. backup-script."));
    const auto parsed = platform::api::scope_from_string(scope.toStdString());
    if (!parsed) return error(QStringLiteral("Choose what the token may do: read, write or admin."));
    std::vector<std::string> spaces;
    for (const QString& id : spaceIds) spaces.push_back(id.toStdString());
    auto created = store_->create(clean.toStdString(), *parsed, std::move(spaces));
    refresh();
    if (!created) {
        if (created.error().code == ErrorCode::AlreadyExists)
            return error(QStringLiteral("A token named %1 exists already. Choose another name, or "
                                        "revoke that one first.").arg(clean));
        return error(QStringLiteral("The token wasn't created: %1").arg(qs(created.error().describe())));
    }
    return {{QStringLiteral("name"), clean}, {QStringLiteral("secret"), qs(created->second)}};
}

QString LocalApiController::revokeToken(const QString& name) {
    if (!store_) return QStringLiteral("Switch the local API on first.");
    auto revoked = store_->revoke(name.toStdString());
    refresh();
    if (!revoked) {
        if (revoked.error().code == ErrorCode::FailedPrecondition)
            return QStringLiteral("The profile token can't be revoked: grovectl on this device uses it.");
        if (revoked.error().code == ErrorCode::NotFound)
            return QStringLiteral("There is no token named %1 any more.").arg(name);
        return QStringLiteral("The token wasn't revoked: %1").arg(qs(revoked.error().describe()));
    }
    return {};
}

}  // namespace grove::app
